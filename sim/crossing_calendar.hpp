#pragma once
// Which neurons of one shard may cross threshold in which window, for the next `span`
// windows (the period). A neuron is filed under the window of its "no crossing before"
// bound when that window falls in the period; at the start of each period, a sweep over
// the shard's neurons files those whose bounds entered it.
// So a window visits only the neurons that may fire in it, and an input that leaves a
// neuron's bound beyond the period costs no filing at all. Entries are never removed: a
// bound that moved makes its old entry stale, and the visit finds the bound not yet due.
#include "sim/window_grid.hpp"

#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace spikesim {

class CrossingCalendar {
  public:
    // `span`: a power of two, so that a window's slot is a mask, not a division.
    explicit CrossingCalendar(std::uint64_t span = 32)
        : ring_(std::bit_ceil(span)), mask_(ring_.size() - 1) {}

    // Starts a period at window k when the last one is over; true if it did (the caller
    // then files every neuron whose bound lies before the period's end).
    bool start_period_at(std::uint64_t k, const WindowGrid& grid) {
        if (k < period_end_) return false;
        period_end_ = k + ring_.size();
        period_end_time_ = grid.start(period_end_);
        return true;
    }

    // Bounds at or after this time are not filed (they wait for the next sweep). Loops
    // that file many neurons keep it in a local and call file_under() themselves.
    double period_end_time() const { return period_end_time_; }

    // Files a neuron whose "no crossing before" bound (at or after the current window) is
    // `bound`, if that falls in the period; a later bound waits for the next sweep.
    void file(std::uint32_t neuron, double bound, const WindowGrid& grid) {
        if (bound < period_end_time_) file_under(neuron, grid.index_of(bound));
    }
    // Files a neuron under window k, which must lie in [the current window, period end).
    [[gnu::always_inline]] void file_under(std::uint32_t neuron, std::uint64_t k) {
        ring_[k & mask_].push_back(neuron);
    }

    // Moves the neurons filed under window k into `into`, replacing its contents; the
    // list left behind is empty and takes new entries for k.
    void take(std::uint64_t k, std::vector<std::uint32_t>& into) {
        auto& slot = ring_[k & mask_];
        into.clear();
        into.swap(slot);
    }

  private:
    std::vector<std::vector<std::uint32_t>> ring_;
    std::uint64_t mask_;
    std::uint64_t period_end_ = 0;
    double period_end_time_ = 0.0;
};

} // namespace spikesim
