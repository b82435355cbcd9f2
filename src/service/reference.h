// Reference data the services need, read once from the files compiled into the program
// (data/): the regions with their time zones, the registry rules, the importers' header
// aliases, population for synthetic data, and name parts.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "core/region.h"
#include "core/rules.h"

namespace bimtek::service {

struct NameGroup {
  std::string id;
  std::vector<std::string> male, female, second, family;
};

struct Reference {
  RegionTable regions;
  RegistryRules rules;
  // normalised header text (NormalizeKey) -> canonical column key
  std::unordered_map<std::string, std::string> aliases;
  std::map<RegionCode, int64_t> population;  // kabupaten/kota -> total population
  std::vector<NameGroup> name_groups;
  std::unordered_map<RegionCode, size_t> name_group_of_province;
};

// Parses each piece; InvalidArgument with the file and what is wrong.
StatusOr<RegistryRules> ParseRules(std::string_view json);
StatusOr<std::unordered_map<std::string, std::string>> ParseAliases(std::string_view csv);

// The compiled-in reference data, parsed once (thread-safe). A malformed data file is a
// build defect: it fails here with the file named.
StatusOr<const Reference*> DefaultReference();

}  // namespace bimtek::service
