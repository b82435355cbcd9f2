// Internal to bimtek_core_ballot_json: JSON values shared by the codecs of ballots, C.Hasil forms
// and exercises, so that each shape is written in one place.
#pragma once

#include "core/ballot/ballot.h"
#include "core/ballot/ballot_rules.h"
#include "core/ballot/chasil.h"
#include "nlohmann/json.hpp"

namespace bimtek::ballot::internal {

// The `ballot judge` input object of `b` (defaults omitted).
nlohmann::ordered_json BallotJson(const Ballot& b);
// The `ballot judge` output object of `v`.
nlohmann::ordered_json VerdictJson(const Verdict& v);
// The C.Hasil object of docs/chasil-format.md.
nlohmann::ordered_json CHasilJson(const CHasil& f);

}  // namespace bimtek::ballot::internal
