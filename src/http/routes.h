// The routing table of the Bimtek server: every route it serves, in one list (routes.cc).
#pragma once

#include <vector>

#include "http/router.h"

namespace bimtek::http {

std::vector<Route> AppRoutes();

}  // namespace bimtek::http
