#pragma once
// Reading a TOML file: its text (kept as provenance) and the parsed document. Every failure
// is an InputError naming the file: a directory, a file that cannot be opened or read,
// invalid TOML (with toml11's own line and column).
#include <toml.hpp>

#include <string>

namespace spikesim {

struct TomlFile {
    std::string path;
    std::string text;
    toml::value root;
};

TomlFile read_toml_file(const std::string& path);
// The file's text alone, checked as read_toml_file checks it before parsing.
std::string read_toml_text(const std::string& path);
// The same from text already read; `path` names it in errors.
TomlFile parse_toml_text(const std::string& path, std::string text);

} // namespace spikesim
