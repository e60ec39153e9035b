#pragma once
// A value drawn per element (a synapse's weight or delay): uniform in [low, high], normal
// with mean and sd, or lognormal with the mean mu and sd sigma of its logarithm; normal and
// lognormal may be bounded to [low, high], a draw outside either drawn again (redraw: the
// distribution truncated) or moved to the bound (clip: a mass at the bound). Draws come
// from a RandomStream, so they depend on the seed and the element, not on threads.
#include "sim/random.hpp"

#include <limits>
#include <string>

namespace spikesim {

struct Distribution {
    enum class Kind { uniform, normal, lognormal };
    enum class Bounds { redraw, clip };
    static constexpr double unbounded = std::numeric_limits<double>::infinity();

    Kind kind = Kind::uniform;
    double a = 0.0, b = 0.0; // uniform: unused; normal: mean, sd; lognormal: mu, sigma
    double low = -unbounded, high = unbounded;
    Bounds bounds = Bounds::redraw;

    static Distribution uniform(double low, double high) {
        return {Kind::uniform, 0, 0, low, high};
    }
    static Distribution normal(double mean, double sd, double low = -unbounded,
                               double high = unbounded, Bounds b = Bounds::redraw) {
        return {Kind::normal, mean, sd, low, high, b};
    }
    static Distribution lognormal(double mu, double sigma, double low = 0.0,
                                  double high = unbounded, Bounds b = Bounds::redraw) {
        return {Kind::lognormal, mu, sigma, low, high, b};
    }

    // The smallest and largest value a draw can take.
    double min() const;
    double max() const;
    // InputError naming `source` and `key` (a field as "key.sd") for parameters that are not
    // finite, sd or sigma < 0, low > high, or bounds a redraw would almost never meet
    // (less than 1e-6 of the mass inside).
    void validate(const std::string& source, const std::string& key) const;
    double draw(RandomStream& stream) const;
    // "normal(mean 1, sd 0.2, low 0, clip)", for messages.
    std::string describe() const;
};

const char* to_string(Distribution::Kind kind);

} // namespace spikesim
