#pragma once
// An allocator for the engine's large arrays (neuron state, synapses) that asks the kernel
// for transparent huge pages. Inputs reach neurons in random order, so with 4 KiB pages
// nearly every one also misses the TLB; 2 MiB pages cover a 100,000-neuron population
// with a handful of entries. Small arrays, and systems without THP, get ordinary memory.
#include <cstddef>
#include <cstdlib>
#include <new>

#include <sys/mman.h>

namespace spikesim {

template <class T> struct HugePageAllocator {
    using value_type = T;
    static constexpr std::size_t huge_page = std::size_t(2) << 20;

    HugePageAllocator() = default;
    template <class U> HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        if (n > std::size_t(-1) / sizeof(T) - huge_page) throw std::bad_alloc();
        const std::size_t bytes = n * sizeof(T);
        if (bytes < huge_page) {
            // T's own alignment (a neuron's Cell is aligned to its cache line): malloc
            // promises only 16 bytes. aligned_alloc wants a multiple of the alignment.
            constexpr std::size_t align =
                alignof(T) > alignof(std::max_align_t) ? alignof(T) : alignof(std::max_align_t);
            const std::size_t size = bytes ? (bytes + align - 1) / align * align : align;
            if (auto* p = static_cast<T*>(std::aligned_alloc(align, size))) return p;
            throw std::bad_alloc();
        }
        const std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
        void* p = std::aligned_alloc(huge_page, rounded);
        if (!p) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
        madvise(p, rounded, MADV_HUGEPAGE); // advice only: failure leaves ordinary pages
#endif
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t) noexcept {
        std::free(p);
    }

    template <class U> bool operator==(const HugePageAllocator<U>&) const noexcept {
        return true;
    }
};

} // namespace spikesim
