// The JSON form of ballots and verdicts used by `bimtek ballot judge` (docs/ballot-rules.md):
// one ballot object in, one verdict object out. Pure text-to-value conversion with no I/O, kept in
// its own library (bimtek_core_ballot_json) so that the rules engine itself needs only the
// standard library.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/ballot/ballot.h"
#include "core/ballot/ballot_rules.h"

namespace bimtek::ballot {

// Parses ballot lines, reusing its storage from one line to the next. Not thread-safe; use one
// parser per thread.
class BallotParser {
 public:
  // Parses one JSON object (the input of `ballot judge`). The returned ballot's spans point into
  // this parser and stay valid until the next call to Parse.
  // Errors: InvalidArgument saying what is wrong: not JSON, not an object, missing or unknown
  // "type", missing "marks", a key of the wrong JSON type, a mark or ineligible entry that does
  // not belong to the ballot type (the message names the mark by its 1-based position).
  // Unknown keys are ignored.
  StatusOr<Ballot> Parse(std::string_view json);

 private:
  std::vector<Mark> marks_;
  std::vector<Ineligible> ineligible_;
};

// The output line for a verdict, without a newline, e.g.
// {"valid":true,"vote":{"party":3,"candidate":2},"rule":"party.one_candidate"}
// {"valid":false,"reason":"no_mark","rule":"any.no_mark"}
std::string VerdictToJson(const Verdict& v);

// The output line for an input line that could not be judged: {"error":"<message>"}.
std::string ErrorToJson(std::string_view message);

// The rule table as a JSON array of {"id","types":[...],"outcome","reason","text_id","text_en",
// "source"}, for `bimtek ballot rules` and the docs.
std::string RulesToJson(std::span<const Rule> rules);

}  // namespace bimtek::ballot

namespace bimtek::ballot {

// The `ballot judge` input line for `b` (keys with default values are left out), so that
// ParseBallot(BallotToJson(b)) gives back b.
std::string BallotToJson(const Ballot& b);

}  // namespace bimtek::ballot
