// doctest's main(), compiled once and linked into every non-UI test (cnn_add_test in CMakeLists.txt).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
