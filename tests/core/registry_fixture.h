// The real region table (data/wilayah.csv and data/timezones.csv) for core tests, loaded once.
#pragma once

#include "core/region.h"

namespace bimtek::testing {

const RegionTable& Regions();

}  // namespace bimtek::testing
