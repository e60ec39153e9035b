#pragma once
// Reading a TOML table with every mistake reported as an InputError that names the file,
// the line, the full key and what was expected. Each key read is marked; finish() rejects
// the keys nobody asked for, so a typo never becomes a silently ignored setting.
#include "sim/errors.hpp"

#include <toml.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace spikesim {

std::string describe_toml(const toml::value& v); // "a string \"abc\"", "an integer 5", ...
std::uint32_t line_of(const toml::value& v);

class TomlTable {
  public:
    // `path` is the table's own key path ("population[2]"); empty for the root.
    TomlTable(const toml::value& table, std::string file, std::string path);

    bool has(const std::string& key) const;
    const toml::value& at(const std::string& key); // required
    std::string key_path(const std::string& key) const;
    // The line of the key's value, or of the table when the key is absent.
    std::optional<std::uint32_t> line(const std::string& key) const;
    // Where a field read from `key` came from (for FieldOrigins).
    FieldOrigins::Origin origin(const std::string& key) const {
        return {file_, key_path(key), line(key)};
    }

    double number(const std::string& key);                  // required, finite
    double number(const std::string& key, double fallback); // optional, finite
    std::int64_t integer(const std::string& key);
    std::int64_t integer(const std::string& key, std::int64_t fallback);
    std::string string(const std::string& key);
    std::string string(const std::string& key, const std::string& fallback);
    std::string choice(const std::string& key, const std::vector<std::string>& allowed,
                       std::optional<std::string> fallback = std::nullopt);
    bool boolean(const std::string& key, bool fallback);
    std::vector<double> numbers(const toml::value& array, const std::string& key_path_text) const;

    // A neuron id: an integer in [0, 2^32).
    std::uint32_t neuron_id(const toml::value& v, const std::string& key_path_text) const;

    // Every key present that was never read is an error.
    void finish() const;
    // Every key present that is not one of `keys` is an error, before anything is read: for
    // a table whose reader changes something (a network) before it could call finish().
    void allow_only(const std::vector<std::string_view>& keys);

    InputError error(const std::string& key, const std::string& expected,
                     const std::string& got) const;
    InputError error_at(const toml::value& v, const std::string& key_path_text,
                        const std::string& expected) const;
    const std::string& file() const { return file_; }

  private:
    std::string known_keys() const;
    double to_number(const toml::value& v, const std::string& key) const;
    const toml::value& table_;
    std::string file_, path_;
    std::set<std::string> used_;
};

} // namespace spikesim
