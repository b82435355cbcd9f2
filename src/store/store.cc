// The store interfaces are abstract; this file anchors their vtables.
#include "store/store.h"
