// The store interfaces are abstract; this file anchors their vtables.
#include "store/store.h"

#include <atomic>

namespace bimtek::store {

namespace {
std::atomic<uint64_t> registry_writes{0};
}  // namespace

uint64_t RegistryWriteGeneration() { return registry_writes.load(std::memory_order_acquire); }
void NoteRegistryWrite() { registry_writes.fetch_add(1, std::memory_order_acq_rel); }

}  // namespace bimtek::store
