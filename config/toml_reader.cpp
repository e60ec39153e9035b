#include "config/toml_reader.hpp"

#include <algorithm>

#include <cmath>
#include <sstream>

namespace spikesim {

std::string describe_toml(const toml::value& v) {
    std::ostringstream s;
    switch (v.type()) {
    case toml::value_t::boolean:
        s << "a boolean " << (v.as_boolean() ? "true" : "false");
        break;
    case toml::value_t::integer:
        s << "an integer " << v.as_integer();
        break;
    case toml::value_t::floating:
        s << "a number " << v.as_floating();
        break;
    case toml::value_t::string:
        s << "a string \"" << v.as_string().str << "\"";
        break;
    case toml::value_t::array:
        s << "an array of " << v.as_array().size() << " values";
        break;
    case toml::value_t::table:
        s << "a table";
        break;
    case toml::value_t::offset_datetime:
    case toml::value_t::local_datetime:
    case toml::value_t::local_date:
    case toml::value_t::local_time:
        s << "a date/time";
        break;
    default:
        s << "nothing";
        break;
    }
    return s.str();
}

std::uint32_t line_of(const toml::value& v) {
    // A value built in memory (the Python package's tables, --set values) comes from no
    // file: line 0.
    if (v.location().file_name() == "unknown file") return 0;
    return v.location().line();
}

TomlTable::TomlTable(const toml::value& table, std::string file, std::string path)
    : table_(table), file_(std::move(file)), path_(std::move(path)) {}

std::string TomlTable::key_path(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
}

bool TomlTable::has(const std::string& key) const {
    return table_.as_table().count(key) > 0;
}

std::optional<std::uint32_t> TomlTable::line(const std::string& key) const {
    if (has(key) && line_of(table_.as_table().at(key)) > 0)
        return line_of(table_.as_table().at(key));
    if (line_of(table_) > 0) return line_of(table_);
    return std::nullopt;
}

InputError TomlTable::error(const std::string& key, const std::string& expected,
                            const std::string& got) const {
    return InputError(file_, key_path(key), expected, got, line(key));
}

InputError TomlTable::error_at(const toml::value& v, const std::string& key_path_text,
                               const std::string& expected) const {
    return InputError(file_, key_path_text, expected, describe_toml(v), line_of(v));
}

const toml::value& TomlTable::at(const std::string& key) {
    used_.insert(key);
    if (!has(key)) throw error(key, "this key (it is required)", "nothing");
    return table_.as_table().at(key);
}

double TomlTable::to_number(const toml::value& v, const std::string& key) const {
    double x;
    if (v.is_integer())
        x = static_cast<double>(v.as_integer());
    else if (v.is_floating())
        x = v.as_floating();
    else
        throw error_at(v, key, "a number");
    if (!std::isfinite(x)) throw error_at(v, key, "a finite number");
    return x;
}

double TomlTable::number(const std::string& key) {
    return to_number(at(key), key_path(key));
}
double TomlTable::number(const std::string& key, double fallback) {
    used_.insert(key);
    return has(key) ? number(key) : fallback;
}

std::int64_t TomlTable::integer(const std::string& key) {
    const toml::value& v = at(key);
    if (!v.is_integer()) throw error_at(v, key_path(key), "an integer");
    return v.as_integer();
}
std::int64_t TomlTable::integer(const std::string& key, std::int64_t fallback) {
    used_.insert(key);
    return has(key) ? integer(key) : fallback;
}

std::string TomlTable::string(const std::string& key) {
    const toml::value& v = at(key);
    if (!v.is_string()) throw error_at(v, key_path(key), "a string");
    return v.as_string().str;
}
std::string TomlTable::string(const std::string& key, const std::string& fallback) {
    used_.insert(key);
    return has(key) ? string(key) : fallback;
}

std::string TomlTable::choice(const std::string& key, const std::vector<std::string>& allowed,
                              std::optional<std::string> fallback) {
    std::string list;
    for (const auto& a : allowed)
        list += (list.empty() ? "" : ", ") + ("\"" + a + "\"");
    used_.insert(key);
    if (!has(key) && fallback) return *fallback;
    const toml::value& v = at(key);
    if (!v.is_string()) throw error_at(v, key_path(key), "one of " + list);
    for (const auto& a : allowed)
        if (v.as_string().str == a) return a;
    throw error_at(v, key_path(key), "one of " + list);
}

bool TomlTable::boolean(const std::string& key, bool fallback) {
    used_.insert(key);
    if (!has(key)) return fallback;
    const toml::value& v = at(key);
    if (!v.is_boolean()) throw error_at(v, key_path(key), "true or false");
    return v.as_boolean();
}

std::vector<double> TomlTable::numbers(const toml::value& array, const std::string& key) const {
    if (!array.is_array()) throw error_at(array, key, "an array of numbers");
    std::vector<double> out;
    const auto& a = array.as_array();
    for (std::size_t i = 0; i < a.size(); ++i)
        out.push_back(to_number(a[i], key + "[" + std::to_string(i) + "]"));
    return out;
}

std::uint32_t TomlTable::neuron_id(const toml::value& v, const std::string& key) const {
    if (!v.is_integer() || v.as_integer() < 0 || v.as_integer() > std::int64_t(UINT32_MAX))
        throw error_at(v, key, "a neuron id (an integer >= 0)");
    return static_cast<std::uint32_t>(v.as_integer());
}

std::string TomlTable::known_keys() const {
    // The keys read so far: every key of the section, since readers ask for each one
    // (optional keys with their defaults) before finish().
    std::string keys;
    for (const auto& k : used_)
        keys += (keys.empty() ? "" : ", ") + k;
    return keys + " (docs/config.md)";
}

void TomlTable::allow_only(const std::vector<std::string_view>& keys) {
    for (const auto& k : keys)
        if (has(std::string(k))) used_.insert(std::string(k));
    for (const auto& [key, value] : table_.as_table())
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            for (const auto& k : keys)
                used_.insert(std::string(k));
            finish();
        }
}

void TomlTable::finish() const {
    for (const auto& [key, value] : table_.as_table())
        if (!used_.count(key))
            throw InputError(file_, key_path(key), "a key this section knows: " + known_keys(),
                             "an unknown key set to " + describe_toml(value), line_of(value));
}

} // namespace spikesim
