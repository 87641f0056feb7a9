# bench/gpu_report.py, the report of scripts/gpu-check.sh, on hand-made inputs.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(Python3_Interpreter_FOUND)
  add_test(NAME gpu_report COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/test_gpu_report.py)
endif()
