#pragma once
// How much more memory this process may use, so that a network or a run too large for the
// machine is refused before it is built, with the estimate and the limit, instead of being
// killed by the kernel or failing with std::bad_alloc half way.
#include <cstdint>
#include <string>

namespace spikesim {

struct MemoryBudget {
    std::uint64_t bytes; // what may still be allocated
    std::string limit;   // what sets it: "available memory", "cgroup memory.max", "ulimit -v"
};

// The least of: the machine's available memory (MemAvailable), the cgroup's limit less its
// use, the address-space and data limits (ulimit -v, -d) less this process's size, and
// SPIKESIM_MAX_MEMORY (bytes) when it is set.
MemoryBudget memory_budget();

// 1234567890 -> "1.23 GB"
std::string format_bytes(double bytes);

// Throws InputError(source, key, ...) when `bytes` (what `what` needs) exceeds the budget.
void require_memory(double bytes, const std::string& what, const std::string& source,
                    const std::string& key);

} // namespace spikesim
