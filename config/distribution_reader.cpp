#include "config/distribution_reader.hpp"

namespace spikesim {

std::optional<Distribution> read_distribution(TomlTable& t, const std::string& key) {
    if (!t.has(key) || !t.at(key).is_table()) return std::nullopt;
    TomlTable d(t.at(key), t.file(), t.key_path(key));
    const std::string kind = d.choice("distribution", {"uniform", "normal", "lognormal"});
    Distribution out;
    if (kind == "uniform") {
        out = Distribution::uniform(d.number("low"), d.number("high"));
    } else {
        const bool normal = kind == "normal";
        out = normal ? Distribution::normal(d.number("mean"), d.number("sd"))
                     : Distribution::lognormal(d.number("mu"), d.number("sigma"));
        out.low = d.number("low", out.low);
        out.high = d.number("high", out.high);
        out.bounds = d.choice("bounds", {"redraw", "clip"}, "redraw") == "clip"
                         ? Distribution::Bounds::clip
                         : Distribution::Bounds::redraw;
    }
    d.finish();
    try {
        out.validate(t.file(), t.key_path(key));
    } catch (const InputError& e) {
        const std::string field = e.key().substr(e.key().rfind('.') + 1);
        throw d.error(field, e.expected(), e.got());
    }
    return out;
}

} // namespace spikesim
