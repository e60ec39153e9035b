#pragma once
// The grid of the windowed loop: window k is the half-open interval [k d, (k+1) d), d the
// smallest delay. A spike inside window k arrives at t + delay >= (k+1) d, so no neuron can
// affect another inside one window. Events, crossing bounds and window bounds all go
// through index_of(), which uses the same floating-point products that bound the windows,
// so an event and its window always agree.
#include <cstdint>

namespace spikesim {

class WindowGrid {
  public:
    explicit WindowGrid(double width = 1.0) : width_(width), inverse_width_(1.0 / width) {}

    double width() const { return width_; }
    double start(std::uint64_t k) const { return static_cast<double>(k) * width_; }

    // The k with k d <= t < (k+1) d, for t >= 0; times beyond the last representable
    // window (crossing bounds can be +inf) give that window, never an out-of-range cast.
    // The product with 1/d is within one of k (a division would cost several times more on
    // every input); the two comparisons with start() settle it.
    [[gnu::always_inline]] std::uint64_t index_of(double t) const {
        const double x = t * inverse_width_;
        if (!(x < 0x1p63)) return std::uint64_t(1) << 63; // also NaN
        auto k = static_cast<std::uint64_t>(x > 0 ? x : 0.0);
        if (k > 0 && t < start(k)) --k;
        if (t >= start(k + 1)) ++k;
        return k;
    }

  private:
    double width_;
    double inverse_width_;
};

} // namespace spikesim
