#pragma once
// Counter-based random numbers (Random123 Philox4x64-10). A stream is keyed by
// (seed, purpose, id): the numbers a neuron or synapse row draws do not depend on which
// thread draws them or in which order, which is what makes runs thread-count invariant.
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <string_view>

namespace spikesim {

// Purposes are derived from names (FNV-1a), so results depend on what a stream is for,
// not on the order in which populations or projections were declared.
constexpr std::uint64_t purpose_of(std::string_view text) noexcept {
    std::uint64_t h = 14695981039346656037ull;
    for (char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

// GCC and Clang provide 128-bit integers on 64-bit targets; __extension__ marks the use as
// deliberate.
__extension__ using uint128 = unsigned __int128;

class RandomStream {
  public:
    // `lane`: a fourth key word, for streams that need one more name than (purpose, id).
    RandomStream(std::uint64_t seed, std::uint64_t purpose, std::uint64_t id,
                 std::uint64_t first_block = 0, std::uint64_t lane = 0) noexcept
        : key_{{seed, 0x5350494b4553494dull}}, counter_{{first_block, id, purpose, lane}} {}

    std::uint64_t next_u64() noexcept {
        if (used_ == 4) refill();
        return block_.v[used_++];
    }
    // Uniform in (0, 1]: never 0, so log() is always finite.
    double uniform_open0() noexcept {
        return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53;
    }
    // Uniform in [0, 1).
    double uniform() noexcept { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
    double exponential(double mean) noexcept { return -mean * std::log(uniform_open0()); }
    // Standard normal (Box-Muller, one value per pair of uniforms).
    double normal() noexcept {
        const double r = std::sqrt(-2.0 * std::log(uniform_open0()));
        return r * std::cos(2.0 * 3.141592653589793 * uniform());
    }
    // Unbiased integer in [0, n) (Lemire's method with rejection).
    std::uint64_t below(std::uint64_t n) noexcept {
        uint128 m = static_cast<uint128>(next_u64()) * n;
        auto low = static_cast<std::uint64_t>(m);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n;
            while (low < threshold) {
                m = static_cast<uint128>(next_u64()) * n;
                low = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64);
    }
    // Number of failures before the first success of a Bernoulli(p) sequence, 0 < p < 1:
    // lets fixed-probability connection skip directly to the next chosen target.
    std::uint64_t geometric_skip(double log1m_p) noexcept {
        // k >= 0, so truncation is the floor (and much cheaper without SSE4.1's roundsd).
        const double k = std::log(uniform_open0()) / log1m_p;
        return k >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(k);
    }

  private:
    void refill() noexcept {
        block_ = philox_(counter_, key_);
        ++counter_.v[0];
        used_ = 0;
    }
    using Philox = r123::Philox4x64;
    Philox philox_;
    Philox::key_type key_;
    Philox::ctr_type counter_;
    Philox::ctr_type block_{};
    int used_ = 4;
};

} // namespace spikesim
