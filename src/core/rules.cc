// RegistryRules is plain data; its loader is in the service layer (it reads JSON).
#include "core/rules.h"
