#include "assets/assets.h"

#define BIMTEK_ASSET(sym)              \
  extern "C" const char sym##_begin[]; \
  extern "C" const char sym##_end[];

BIMTEK_ASSET(bimtek_wilayah_csv)
BIMTEK_ASSET(bimtek_penduduk_csv)
BIMTEK_ASSET(bimtek_timezones_csv)
BIMTEK_ASSET(bimtek_rules_json)
BIMTEK_ASSET(bimtek_import_aliases_csv)
BIMTEK_ASSET(bimtek_names_json)
BIMTEK_ASSET(bimtek_curriculum_2024_json)
BIMTEK_ASSET(bimtek_scenarios_json)
BIMTEK_ASSET(bimtek_question_bank_json)

namespace bimtek::assets {

#define BIMTEK_VIEW(sym) std::string_view(sym##_begin, static_cast<size_t>(sym##_end - sym##_begin))

std::string_view WilayahCsv() { return BIMTEK_VIEW(bimtek_wilayah_csv); }
std::string_view PendudukCsv() { return BIMTEK_VIEW(bimtek_penduduk_csv); }
std::string_view TimezonesCsv() { return BIMTEK_VIEW(bimtek_timezones_csv); }
std::string_view RulesJson() { return BIMTEK_VIEW(bimtek_rules_json); }
std::string_view ImportAliasesCsv() { return BIMTEK_VIEW(bimtek_import_aliases_csv); }
std::string_view NamesJson() { return BIMTEK_VIEW(bimtek_names_json); }
std::string_view Curriculum2024Json() { return BIMTEK_VIEW(bimtek_curriculum_2024_json); }
std::string_view ScenariosJson() { return BIMTEK_VIEW(bimtek_scenarios_json); }
std::string_view QuestionBankJson() { return BIMTEK_VIEW(bimtek_question_bank_json); }

}  // namespace bimtek::assets
