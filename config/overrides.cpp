#include "config/overrides.hpp"

#include "config/toml_reader.hpp"
#include "sim/errors.hpp"

#include <sstream>

namespace spikesim {
namespace {

std::vector<std::string> split(const std::string& path) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(path);
    while (std::getline(in, part, '.'))
        parts.push_back(part);
    return parts;
}

// The same value built in memory: it then has no file and no line, as a value from the
// Python package has (line_of reports 0), instead of line 1 of a "--set" document.
toml::value without_location(const toml::value& v) {
    switch (v.type()) {
    case toml::value_t::boolean:
        return toml::value(v.as_boolean());
    case toml::value_t::integer:
        return toml::value(v.as_integer());
    case toml::value_t::floating:
        return toml::value(v.as_floating());
    case toml::value_t::string:
        return toml::value(v.as_string().str);
    case toml::value_t::array: {
        toml::array items;
        for (const auto& item : v.as_array())
            items.push_back(without_location(item));
        return toml::value(std::move(items));
    }
    case toml::value_t::table: {
        toml::table table;
        for (const auto& [key, item] : v.as_table())
            table[key] = without_location(item);
        return toml::value(std::move(table));
    }
    default:
        return v; // dates and times: no key of the schema takes them
    }
}

toml::value parse_value(const std::string& text, const std::string& source,
                        const std::string& assignment) {
    try {
        std::istringstream in("value = " + text);
        return without_location(toml::parse(in, "--set").as_table().at("value"));
    } catch (const std::exception&) {
        throw InputError(source, assignment,
                         "key.path=value with a TOML value: a number, \"a string\", [an, array] "
                         "or {an = \"inline table\"}",
                         "a value TOML does not read");
    }
}

} // namespace

void apply_override(toml::value& root, const std::string& assignment, const std::string& source) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0)
        throw InputError(source, assignment, "key.path=value", "no '=' after a key path");
    const std::vector<std::string> parts = split(assignment.substr(0, equals));
    const toml::value value = parse_value(assignment.substr(equals + 1), source, assignment);
    auto fail = [&](const std::string& expected, const std::string& got) {
        return InputError(source, assignment, expected, got);
    };
    toml::value* table = &root;
    std::string walked;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        std::string name = parts[i];
        std::optional<std::size_t> index;
        if (const auto open = name.find('['); open != std::string::npos && name.back() == ']') {
            const std::string digits = name.substr(open + 1, name.size() - open - 2);
            if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
                throw fail("an index [k] of whole digits", "\"" + name + "\"");
            index = std::stoul(digits);
            name = name.substr(0, open);
        }
        walked += (walked.empty() ? "" : ".") + parts[i];
        if (!table->is_table() || !table->as_table().count(name))
            throw fail("a path through the config's tables", "no table " + walked);
        toml::value& next = table->as_table().at(name);
        if (next.is_array()) {
            auto& items = next.as_array();
            if (index) {
                if (*index >= items.size())
                    throw fail("an index below " + std::to_string(items.size()), walked);
                table = &items[*index];
            } else if (i + 2 < parts.size()) { // by name: population.exc.tau_m
                const std::string wanted = parts[++i];
                walked += "." + wanted;
                table = nullptr;
                for (auto& item : items)
                    if (item.is_table() && item.as_table().count("name") &&
                        item.as_table().at("name").is_string() &&
                        item.as_table().at("name").as_string().str == wanted)
                        table = &item;
                if (!table) throw fail("the name of a [[" + name + "]] section", "no " + walked);
            } else {
                throw fail("a [[" + name + "]] section by name or index", walked);
            }
        } else {
            table = &next;
        }
        if (!table->is_table())
            throw fail("a path through the config's tables", walked + " is not a table");
    }
    table->as_table()[parts.back()] = value;
}

std::string toml_text(const toml::value& root) {
    std::ostringstream out;
    out << root;
    return out.str();
}

} // namespace spikesim
