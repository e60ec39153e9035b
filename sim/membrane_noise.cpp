#include "sim/membrane_noise.hpp"

#include "sim/errors.hpp"
#include "sim/limits.hpp"

#include <cmath>
#include <string>

namespace spikesim {

double MembraneNoise::kick() const {
    return sigma / std::sqrt(kick_rate_khz);
}

void MembraneNoise::validate(std::string_view where) const {
    const std::string w(where);
    if (!std::isfinite(sigma) || sigma < 0)
        throw InputError("parameters", w + ".sigma",
                         "a finite number >= 0 (potential per sqrt(ms))", format_number(sigma));
    if (!(kick_rate_khz > 0 && kick_rate_khz <= 1000))
        throw InputError("parameters", w + ".kick_rate", "kicks per ms, > 0 and at most 1000",
                         format_number(kick_rate_khz));
    if (!(std::abs(kick()) <= limits::max_weight))
        throw InputError("parameters", w + ".sigma",
                         "a kick sigma / sqrt(kick_rate) within the "
                         "largest weight",
                         format_number(kick()));
}

} // namespace spikesim
