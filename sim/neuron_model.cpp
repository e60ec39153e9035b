#include "sim/neuron_model.hpp"

#include "sim/errors.hpp"

#include <cmath>
#include <sstream>

namespace spikesim {
namespace {

std::string key_of(std::string_view where, std::string_view key) {
    return where.empty() ? std::string(key) : std::string(where) + "." + std::string(key);
}

} // namespace

void require_finite(double value, std::string_view where, std::string_view key) {
    if (!std::isfinite(value))
        throw InputError("parameters", key_of(where, key), "a finite number", format_number(value));
}

void require_positive(double value, std::string_view where, std::string_view key) {
    if (!std::isfinite(value) || value <= 0)
        throw InputError("parameters", key_of(where, key), "a finite number > 0",
                         format_number(value));
}

void require_non_negative(double value, std::string_view where, std::string_view key) {
    if (!std::isfinite(value) || value < 0)
        throw InputError("parameters", key_of(where, key), "a finite number >= 0",
                         format_number(value));
}

void require_greater(double value, double bound, std::string_view where, std::string_view key,
                     std::string_view bound_name) {
    require_finite(value, where, key);
    if (!(value > bound))
        throw InputError("parameters", key_of(where, key),
                         "a number > " + std::string(bound_name) + " (" + format_number(bound) +
                             ")",
                         format_number(value));
}

} // namespace spikesim
