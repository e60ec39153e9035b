#include "config/toml_file.hpp"

#include "sim/errors.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace spikesim {
namespace {

std::string read_text(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw InputError(path, "", "a readable TOML file", "a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "", "a readable TOML file", "a file that cannot be opened");
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) throw InputError(path, "", "a readable TOML file", "a read error");
    return s.str();
}

toml::value parse(const std::string& path, const std::string& text) {
    std::istringstream in(text);
    try {
        return toml::parse(in, path);
    } catch (const toml::syntax_error& e) {
        // toml11 formats the location itself; keep its first lines.
        std::string what = e.what();
        if (what.size() > 600) what = what.substr(0, 600) + " ...";
        throw InputError(path, "", "valid TOML", what);
    } catch (const std::exception& e) {
        throw InputError(path, "", "valid TOML", e.what());
    }
}

} // namespace

TomlFile read_toml_file(const std::string& path) {
    TomlFile f{path, read_text(path), {}};
    f.root = parse(path, f.text);
    return f;
}

} // namespace spikesim
