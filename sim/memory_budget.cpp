#include "sim/memory_budget.hpp"

#include "sim/errors.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

namespace spikesim {
namespace {

constexpr std::uint64_t unlimited = std::numeric_limits<std::uint64_t>::max();

// A number from a one-line file such as memory.max ("max": unlimited).
std::uint64_t read_number(const std::string& path) {
    std::ifstream in(path);
    std::string word;
    if (!(in >> word) || word == "max") return unlimited;
    try {
        return std::stoull(word);
    } catch (...) {
        return unlimited;
    }
}

std::uint64_t mem_available() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (in >> key >> kib >> unit)
        if (key == "MemAvailable:") return kib * 1024;
    const long pages = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? std::uint64_t(pages) * std::uint64_t(page) : unlimited;
}

// cgroup v2, then v1: the limit less the current use.
std::uint64_t cgroup_room() {
    for (const auto& [max, current] :
         {std::pair{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"},
          {"/sys/fs/cgroup/memory/memory.limit_in_bytes",
           "/sys/fs/cgroup/memory/memory.usage_in_bytes"}}) {
        const std::uint64_t limit = read_number(max);
        if (limit == unlimited) continue;
        const std::uint64_t used = read_number(current);
        return used == unlimited || used >= limit ? 0 : limit - used;
    }
    return unlimited;
}

// The process's virtual size (for ulimit -v) and data size (ulimit -d), from statm.
std::pair<std::uint64_t, std::uint64_t> process_sizes() {
    std::ifstream in("/proc/self/statm");
    std::uint64_t size = 0, resident = 0, shared = 0, text = 0, lib = 0, data = 0;
    in >> size >> resident >> shared >> text >> lib >> data;
    const auto page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
    return {size * page, data * page};
}

std::uint64_t rlimit_room(int resource, std::uint64_t used) {
    rlimit r{};
    if (getrlimit(resource, &r) != 0 || r.rlim_cur == RLIM_INFINITY) return unlimited;
    return used >= r.rlim_cur ? 0 : r.rlim_cur - used;
}

} // namespace

MemoryBudget memory_budget() {
    const auto [virtual_size, data_size] = process_sizes();
    MemoryBudget b{mem_available(), "the machine's available memory"};
    auto take = [&](std::uint64_t room, const char* limit) {
        if (room < b.bytes) b = {room, limit};
    };
    take(cgroup_room(), "the cgroup's memory limit");
    take(rlimit_room(RLIMIT_AS, virtual_size), "the address-space limit (ulimit -v)");
    take(rlimit_room(RLIMIT_DATA, data_size), "the data-size limit (ulimit -d)");
    // A limit of one's own, where ulimit -v cannot serve (AddressSanitizer reserves
    // terabytes of address space): the fuzzers set it.
    if (const char* own = std::getenv("SPIKESIM_MAX_MEMORY")) {
        const char* end = own;
        const double bytes = std::strtod(own, const_cast<char**>(&end));
        if (end != own && bytes >= 0) take(std::uint64_t(bytes), "SPIKESIM_MAX_MEMORY");
    }
    return b;
}

std::string format_bytes(double bytes) {
    const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
    int u = 0;
    while (bytes >= 1000 && u < 6) {
        bytes /= 1000;
        ++u;
    }
    char text[32];
    std::snprintf(text, sizeof text, u == 0 ? "%.0f %s" : "%.3g %s", bytes, units[u]);
    return text;
}

void require_memory(double bytes, const std::string& what, const std::string& source,
                    const std::string& key) {
    const MemoryBudget b = memory_budget();
    if (!(bytes > double(b.bytes))) return; // NaN: an invalid input its own check refuses
    throw InputError(source, key,
                     "a size that fits in memory: " + format_bytes(double(b.bytes)) +
                         " may still be used (" + b.limit + ")",
                     "about " + format_bytes(bytes) + " for " + what);
}

} // namespace spikesim
