// Messages for files that cannot be read at all (missing, another format, empty), shared by the
// subcommands that read files.
#pragma once

#include <string>

#include "cli/common.h"

namespace bimtek::cli {

// One line on stderr for an OpenSheet failure; returns kExitFailure.
int FailFile(const GlobalOptions& g, const std::string& path, const Status& s);

}  // namespace bimtek::cli
