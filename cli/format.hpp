#pragma once
// Number formatting shared by the command's tables.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace spikesim::cli {

// 1234567 -> "1,234,567".
inline std::string grouped(std::uint64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

// A printf-formatted number, or "-" for NaN (a value that does not exist, such as the
// latency of a mode without spikes).
inline std::string number_or_dash(double x, const char* fmt = "%.3f") {
    if (std::isnan(x)) return "-";
    char b[32];
    std::snprintf(b, sizeof b, fmt, x);
    return b;
}

} // namespace spikesim::cli
