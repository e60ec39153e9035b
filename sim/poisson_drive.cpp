#include "sim/poisson_drive.hpp"

#include "sim/cell_group.hpp"

#include "sim/errors.hpp"
#include "sim/limits.hpp"
#include "sim/neuron_model.hpp"
#include "sim/random.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace spikesim {

void PoissonDrive::validate(std::string_view where) const {
    const std::string w(where);
    if (!(rate_hz >= 0 && rate_hz <= limits::max_rate_hz))
        throw InputError("parameters", w + ".rate", "a rate per input from 0 to 1e6 Hz",
                         format_number(rate_hz));
    if (inputs < 1)
        throw InputError("parameters", w + ".inputs", "an integer >= 1", std::to_string(inputs));
    if (!(rate_hz * inputs <= limits::max_rate_hz * 1e3))
        throw InputError("parameters", w + ".rate", "rate * inputs at most 1e9 Hz per neuron",
                         format_number(rate_hz * inputs) + " Hz");
    require_within(weight, limits::max_weight, where, "weight");
}

void DriveSchedule::add(const PoissonDrive& drive, std::string_view where) {
    drive.validate(where);
    if (drives_.size() == 255)
        throw InputError("parameters", std::string(where), "at most 255 drives per population",
                         "a 256th");
    drives_.push_back(drive);
    weights_.push_back(static_cast<float>(drive.weight));
    kicks_.push_back(0);
    const double per_ms = drive.rate_hz * drive.inputs / 1000.0;
    cumulative_.push_back((cumulative_.empty() ? 0.0 : cumulative_.back()) + per_ms);
}

void DriveSchedule::add(const MembraneNoise& noise, std::string_view where) {
    noise.validate(where);
    if (!noise.active()) return;
    if (drives_.size() >= 254)
        throw InputError("parameters", std::string(where), "at most 255 drives per population",
                         "membrane noise's two more");
    for (const double sign : {1.0, -1.0}) {
        const PoissonDrive half{noise.kick_rate_khz * 500.0, 1, sign * noise.kick()};
        add(half, where);
        kicks_.back() = 1;
    }
}

void DriveSchedule::initialize(std::uint64_t seed, std::string_view population, std::uint32_t first,
                               std::uint32_t count) {
    if (empty()) return;
    seed_ = seed;
    purpose_ = purpose_of("drive:" + std::string(population));
    first_ = first;
    clocks_.assign(count, Clock{});
    for (std::uint32_t i = 0; i < count; ++i)
        draw(i, 0.0);
}

std::uint64_t DriveSchedule::next_word(std::uint32_t i) {
    Clock& c = clocks_[i];
    if (c.used == 4) {
        RandomStream stream(seed_, purpose_, first_ + i, c.block++);
        for (auto& w : c.words)
            w = stream.next_u64();
        c.used = 0;
    }
    return c.words[c.used++];
}

void DriveSchedule::draw(std::uint32_t i, double after) {
    Clock& c = clocks_[i];
    const double total = cumulative_.back();
    if (!(total > 0)) {
        c.next = std::numeric_limits<double>::infinity();
        return;
    }
    // Uniform in (0, 1], so the logarithm is finite (as RandomStream::uniform_open0).
    const double u = static_cast<double>((next_word(i) >> 11) + 1) * 0x1.0p-53;
    c.next = after - std::log(u) / total;
    if (cumulative_.size() > 1) {
        const double pick = static_cast<double>(next_word(i) >> 11) * 0x1.0p-53 * total;
        const auto k =
            std::upper_bound(cumulative_.begin(), cumulative_.end(), pick) - cumulative_.begin();
        c.kind = static_cast<std::uint8_t>(
            std::min<std::ptrdiff_t>(k, static_cast<std::ptrdiff_t>(cumulative_.size()) - 1));
    }
}

std::uint64_t DriveSchedule::events() const {
    std::uint64_t n = 0;
    for (const Clock& c : clocks_)
        n += c.taken;
    return n;
}

} // namespace spikesim

namespace spikesim {

// Declared in sim/cell_group.hpp: the defaults for groups that take no input.
void CellGroup::add_drive(const PoissonDrive&, std::string_view where) {
    throw InputError("parameters", std::string(where),
                     "a population of neurons (a spike source takes no input)",
                     "a " + std::string(model()) + " source");
}

void CellGroup::add_membrane_noise(const MembraneNoise&, std::string_view where) {
    throw InputError("parameters", std::string(where),
                     "a population of neurons whose model takes membrane noise (if_subtract, "
                     "lif_delta, ttfs)",
                     "a " + std::string(model()) + " population");
}

void CellGroup::kick(std::uint32_t, double, float) {
    throw std::logic_error("a kick of membrane noise delivered to a " + std::string(model()) +
                           " population, which refused the noise");
}

} // namespace spikesim
