#pragma once
// A progress line on stderr for runs longer than about a second: rewritten in place on a
// terminal, a line every few seconds in a log.
#include <chrono>

namespace spikesim::cli {

class ProgressLine {
  public:
    explicit ProgressLine(bool enabled);
    void update(double now_ms, double end_ms);
    void finish();

  private:
    using Clock = std::chrono::steady_clock;
    bool enabled_, terminal_, printed_ = false;
    Clock::time_point start_, last_;
};

} // namespace spikesim::cli
