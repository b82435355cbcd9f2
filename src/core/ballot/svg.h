// Draws one ballot of a counting exercise as SVG for the trainee's phone: the columns of the
// ballot type (tickets, party columns with their candidates and grey area, DPD candidates), every
// punch hole where its mark lies (a through-punch twin is a hole like any other), pen strokes or
// burns for a wrong tool, writing on the ballot, and the KPPS chair's signature box, signed or
// empty. Pure: text in, text out; names are escaped here.
#pragma once

#include <string>

#include "core/ballot/election.h"
#include "core/ballot/exercise.h"

namespace bimtek::ballot {

struct SvgOptions {
  // Party or DPD columns per row (PPWP always shows its tickets side by side). 2 suits a phone.
  int columns_per_row = 2;
  // Bahasa Indonesia (default) or English labels in the drawing and its description.
  bool english = false;
};

// The SVG element (no XML prolog) of ballot `index` of `race`, whose contestants are
// `election.RaceOf(race.type)`. The element has role="img", a <title> and a <desc> saying in words
// where each hole or mark lies (what a sighted trainee sees), and data-choice attributes on the
// clickable parts ("t2" ticket, "p5" party, "p5c3" candidate of a party, "c7" DPD candidate) for
// the page's optional script. Requires index < race.ballots.size() and a race of `election`.
std::string BallotSvg(const Election& election, const RaceExercise& race, size_t index,
                      const SvgOptions& options = {});

}  // namespace bimtek::ballot
