#include "sim/errors.hpp"

#include <charconv>
#include <sstream>

namespace spikesim {
namespace {

std::string describe(const std::string& source, const std::string& key, const std::string& expected,
                     const std::string& got, std::optional<std::uint32_t> line) {
    std::ostringstream s; // "file:line: key: expected ..., got ..." with the parts known
    s << source;
    if (line) s << ":" << *line;
    if (!key.empty()) s << (s.tellp() > 0 ? ": " : "") << key;
    s << (s.tellp() > 0 ? ": " : "") << "expected " << expected;
    if (!got.empty()) s << ", got " << got;
    return s.str();
}

// Lines count from 1; 0 is what a TOML value built in memory (not read from a file) reports.
std::optional<std::uint32_t> known_line(std::optional<std::uint32_t> line) {
    return line && *line > 0 ? line : std::nullopt;
}

} // namespace

std::string dale_expectation(const std::string& population, const std::string& type) {
    return std::string(type == "excitatory" ? "a weight >= 0" : "a weight <= 0") +
           " because source population '" + population + "' is " + type +
           " (Dale's law; declare it 'mixed' to allow both signs)";
}

std::string format_number(double value) {
    // The shortest text that reads back as the same double: 1e+300, not
    // 1.0000000000000001e+300.
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    return std::string(text, end);
}

InputError::InputError(std::string source, std::string key, std::string expected, std::string got,
                       std::optional<std::uint32_t> line)
    : std::runtime_error(describe(source, key, expected, got, known_line(line))),
      source_(std::move(source)), key_(std::move(key)), expected_(std::move(expected)),
      got_(std::move(got)), line_(known_line(line)) {}

InputError InputError::with_source(std::string source, std::optional<std::uint32_t> line) const {
    return InputError(std::move(source), key_, expected_, got_, line ? line : line_);
}

const FieldOrigins::Origin* FieldOrigins::find(const std::string& field) const {
    const auto it = origins_.find(field);
    return it == origins_.end() ? nullptr : &it->second;
}

InputError FieldOrigins::attribute(const InputError& e, const std::string& options) const {
    if (e.source() != options) return e;
    // An element of a list field ("times_a[2]") takes the origin of the list.
    const std::string& key = e.key();
    const std::size_t bracket = key.find('[');
    const Origin* origin = find(key.substr(0, bracket));
    if (!origin) return e;
    const std::string element = bracket == std::string::npos ? "" : key.substr(bracket);
    return InputError(origin->source, origin->key + element, e.expected(), e.got(), origin->line);
}

DaleViolation::DaleViolation(std::string projection, std::string source_population,
                             std::string dale_type, std::uint32_t source, std::uint32_t target,
                             double weight)
    : InputError("network",
                 "projection '" + projection + "' synapse " + std::to_string(source) + " -> " +
                     std::to_string(target),
                 dale_expectation(source_population, dale_type), format_number(weight)),
      projection_(std::move(projection)), source_neuron_(source), target_neuron_(target),
      weight_(weight) {}

DaleViolation DaleViolation::attributed(std::string source, std::string key,
                                        std::optional<std::uint32_t> line) const {
    DaleViolation v = *this;
    static_cast<InputError&>(v) =
        InputError(std::move(source), std::move(key), expected(), got(), line);
    return v;
}

OutputError::OutputError(std::string path, const std::string& detail, std::string outcome)
    : std::runtime_error("could not write " + path + ": " + detail), path_(std::move(path)),
      outcome_(std::move(outcome)) {}

} // namespace spikesim
