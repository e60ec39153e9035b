#include "keywords.hpp"

#include <cmath>
#include <limits>

namespace spikesim::python {

namespace py = pybind11;

InputError Keywords::error(const std::string& key, const std::string& expected,
                           py::handle got) const {
    return InputError(source_, key, expected, py::repr(got).cast<std::string>());
}

py::object Keywords::take(const char* key) {
    known_.emplace_back(key);
    if (!kw_.contains(key)) return py::none();
    return kw_[key];
}

void Keywords::number(const char* key, double& field) {
    const py::object v = take(key);
    if (v.is_none()) return;
    double x = std::nan("");
    try {
        if (!py::isinstance<py::bool_>(v)) x = v.cast<double>();
    } catch (const py::cast_error&) {
    }
    if (!std::isfinite(x)) throw error(key, "a finite number", v);
    field = x;
}

std::int64_t Keywords::whole_number(const char* key, py::handle v, std::int64_t low,
                                    std::int64_t high) const {
    std::int64_t x = 0;
    try {
        if (py::isinstance<py::bool_>(v) || py::isinstance<py::float_>(v)) throw py::cast_error();
        x = v.cast<std::int64_t>();
    } catch (const py::cast_error&) {
        throw error(
            key, "a whole number from " + std::to_string(low) + " to " + std::to_string(high), v);
    }
    if (x < low || x > high)
        throw error(
            key, "a whole number from " + std::to_string(low) + " to " + std::to_string(high), v);
    return x;
}

void Keywords::whole(const char* key, int& field, std::int64_t low, std::int64_t high) {
    const py::object v = take(key);
    if (!v.is_none()) field = int(whole_number(key, v, low, high));
}

void Keywords::whole(const char* key, std::uint64_t& field) {
    const py::object v = take(key);
    if (!v.is_none())
        field = std::uint64_t(whole_number(key, v, 0, std::numeric_limits<std::int64_t>::max()));
}

void Keywords::whole(const char* key, std::uint32_t& field, std::uint32_t low) {
    const py::object v = take(key);
    if (!v.is_none()) field = std::uint32_t(whole_number(key, v, low, UINT32_MAX));
}

void Keywords::boolean(const char* key, bool& field) {
    const py::object v = take(key);
    if (v.is_none()) return;
    if (!py::isinstance<py::bool_>(v)) throw error(key, "True or False", v);
    field = v.cast<bool>();
}

void Keywords::text(const char* key, std::string& field) {
    const py::object v = take(key);
    if (v.is_none()) return;
    if (!py::isinstance<py::str>(v)) throw error(key, "a string", v);
    field = v.cast<std::string>();
}

void Keywords::numbers(const char* key, std::vector<double>& field) {
    const py::object v = take(key);
    if (v.is_none()) return;
    if (!py::isinstance<py::sequence>(v) || py::isinstance<py::str>(v))
        throw error(key, "a list of numbers", v);
    std::vector<double> out;
    for (py::handle x : v) {
        double d = std::nan("");
        try {
            if (!py::isinstance<py::bool_>(x)) d = x.cast<double>();
        } catch (const py::cast_error&) {
        }
        if (!std::isfinite(d)) throw error(key, "a list of finite numbers", v);
        out.push_back(d);
    }
    field = std::move(out);
}

void Keywords::wholes(const char* key, std::vector<int>& field) {
    const py::object v = take(key);
    if (v.is_none()) return;
    if (!py::isinstance<py::sequence>(v) || py::isinstance<py::str>(v))
        throw error(key, "a list of whole numbers", v);
    std::vector<int> out;
    for (py::handle x : v)
        out.push_back(int(whole_number(key, x, std::numeric_limits<int>::min(),
                                       std::numeric_limits<int>::max())));
    field = std::move(out);
}

void Keywords::wholes(const char* key, std::vector<std::uint64_t>& field) {
    const py::object v = take(key);
    if (v.is_none()) return;
    if (!py::isinstance<py::sequence>(v) || py::isinstance<py::str>(v))
        throw error(key, "a list of whole numbers", v);
    std::vector<std::uint64_t> out;
    for (py::handle x : v)
        out.push_back(
            std::uint64_t(whole_number(key, x, 0, std::numeric_limits<std::int64_t>::max())));
    field = std::move(out);
}

void Keywords::finish() const {
    for (const auto& [k, v] : kw_) {
        const std::string key = py::str(k).cast<std::string>();
        bool known = false;
        for (const auto& n : known_)
            known |= n == key;
        if (known) continue;
        std::string names;
        for (const auto& n : known_)
            names += (names.empty() ? "" : ", ") + n;
        throw InputError(source_, key, "one of the keywords " + names, "an unknown keyword");
    }
}

} // namespace spikesim::python
