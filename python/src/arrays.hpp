#pragma once
// NumPy arrays in and out of the module, written once: any array-like as a NumPy array, an
// array described as messages describe it, and std::vectors handed to NumPy.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

namespace spikesim::python {

// numpy.asarray(value).
pybind11::array as_numpy(pybind11::handle value);

// "an array of shape (2, 3) and dtype float64", for InputErrors.
std::string describe_array(const pybind11::array& a);

// A NumPy copy of `v` (a recorder's data, which keeps growing).
template <class T> pybind11::array_t<T> copy_to_numpy(const std::vector<T>& v) {
    pybind11::array_t<T> a(pybind11::ssize_t(v.size()));
    std::copy(v.begin(), v.end(), a.mutable_data());
    return a;
}

// `v` itself as a NumPy array, which owns it from now on (no copy).
template <class T> pybind11::array_t<T> move_to_numpy(std::vector<T>&& v) {
    auto* owned = new std::vector<T>(std::move(v));
    pybind11::capsule free_it(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return pybind11::array_t<T>(pybind11::ssize_t(owned->size()), owned->data(), free_it);
}

} // namespace spikesim::python
