#include "cli/progress_line.hpp"

#include <cstdio>
#include <unistd.h>

namespace spikesim::cli {

ProgressLine::ProgressLine(bool enabled)
    : enabled_(enabled), terminal_(::isatty(STDERR_FILENO) != 0), start_(Clock::now()),
      last_(start_) {}

void ProgressLine::update(double now_ms, double end_ms) {
    if (!enabled_) return;
    const auto t = Clock::now();
    const double elapsed = std::chrono::duration<double>(t - start_).count();
    const double since_last = std::chrono::duration<double>(t - last_).count();
    if (elapsed < 1.0 || since_last < (terminal_ ? 0.25 : 5.0)) return;
    last_ = t;
    const double fraction = end_ms > 0 ? now_ms / end_ms : 1.0;
    const double left = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
    std::fprintf(stderr,
                 "%s[spikesim] t = %.1f / %.1f ms (%.0f %%), %.1f s elapsed, about %.1f s left%s",
                 terminal_ ? "\r" : "", now_ms, end_ms, 100.0 * fraction, elapsed, left,
                 terminal_ ? "   " : "\n");
    std::fflush(stderr);
    printed_ = true;
}

void ProgressLine::finish() {
    if (printed_ && terminal_) std::fputc('\n', stderr);
    printed_ = false;
}

} // namespace spikesim::cli
