// Reference data compiled into the program (data/*.csv, *.json): see data/README.md.
#pragma once

#include <string_view>

namespace bimtek::assets {

std::string_view WilayahCsv();        // data/wilayah.csv
std::string_view PendudukCsv();       // data/penduduk.csv
std::string_view TimezonesCsv();      // data/timezones.csv
std::string_view RulesJson();         // data/rules.json
std::string_view ImportAliasesCsv();  // data/import_aliases.csv
std::string_view NamesJson();         // data/names.json
std::string_view Curriculum2024Json();  // data/curriculum-2024.json (issue 4)
std::string_view ScenariosJson();     // data/scenarios/darurat.json
// data/questions/bank-2024.json; empty when the program was built without it (issue 5).
std::string_view QuestionBankJson();

}  // namespace bimtek::assets
