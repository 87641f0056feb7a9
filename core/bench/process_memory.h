#pragma once
// Resident memory of this process, from /proc (Linux); zeros where it cannot be read.
#include <cstdint>

namespace cnn {

std::uint64_t resident_bytes();       // VmRSS now
std::uint64_t peak_resident_bytes();  // VmHWM since start or since the last reset
// Resets the peak to the current resident size (writes 5 to /proc/self/clear_refs); false if refused.
bool reset_peak_resident();
// Returns freed heap memory to the system (glibc malloc_trim(0)), so that a later RSS growth is
// not hidden by memory the allocator kept from earlier work; a no-op without glibc.
void release_free_memory();

}  // namespace cnn
