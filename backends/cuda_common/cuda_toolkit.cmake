# The CUDA toolkit (nvcc, cudart, cuBLAS) and cuDNN for the cublas and cudnn backends.
# Included from backends/CMakeLists.txt. Sets CNN_CUDA_READY when everything is usable; otherwise
# says why and the build goes on without the two backends. No GPU is needed to build.
option(CNN_EXPLORER_CUDA "Build the cuBLAS and cuDNN backends when the CUDA toolkit and cuDNN are found" ON)
set(CNN_CUDA_READY OFF)

# Jetson (Maxwell 53, Pascal 62, Volta 72, Orin 87, Thor 110) and workstation / data-centre GPUs
# (Turing 75, Ampere 80/86, Ada 89, Hopper 90, Blackwell 100/120). Only those the installed nvcc
# still compiles for are kept:
# CUDA 13 dropped Maxwell, Pascal and Volta (53, 62, 72). The newest kept one also gets PTX so that
# later GPUs can run it. Override with -DCMAKE_CUDA_ARCHITECTURES=...
set(CNN_CUDA_WANTED_ARCHITECTURES 53 62 72 75 80 86 87 89 90 100 110 120)

if(NOT CNN_EXPLORER_CUDA)
  message(STATUS "CUDA backends (cublas, cudnn): skipped, CNN_EXPLORER_CUDA is OFF")
else()
  # nvcc on PATH, or in the toolkit's standard location when PATH lacks it.
  if(NOT DEFINED CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX})
    find_program(CNN_NVCC nvcc HINTS ENV CUDA_PATH PATH_SUFFIXES bin PATHS /usr/local/cuda/bin /opt/cuda/bin)
    if(CNN_NVCC)
      set(ENV{CUDACXX} "${CNN_NVCC}")
    endif()
  endif()
  include(CheckLanguage)
  check_language(CUDA)
  if(NOT CMAKE_CUDA_COMPILER)
    message(STATUS "CUDA backends (cublas, cudnn): skipped, no CUDA compiler (nvcc) was found; "
                   "set CUDACXX or CMAKE_CUDA_COMPILER to build them")
  else()
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      execute_process(COMMAND ${CMAKE_CUDA_COMPILER} --list-gpu-arch
                      OUTPUT_VARIABLE _cnn_nvcc_archs ERROR_QUIET RESULT_VARIABLE _cnn_nvcc_rc)
      set(_cnn_kept "")
      set(_cnn_dropped "")
      foreach(_arch ${CNN_CUDA_WANTED_ARCHITECTURES})
        if(_cnn_nvcc_rc EQUAL 0 AND _cnn_nvcc_archs MATCHES "compute_${_arch}([^0-9]|$)")
          list(APPEND _cnn_kept ${_arch})
        else()
          list(APPEND _cnn_dropped ${_arch})
        endif()
      endforeach()
      if(NOT _cnn_kept)
        set(_cnn_kept 75)  # nvcc could not list its targets: the oldest one CUDA 13 still supports
      endif()
      list(POP_BACK _cnn_kept _cnn_newest)
      list(TRANSFORM _cnn_kept APPEND "-real")
      list(APPEND _cnn_kept ${_cnn_newest})  # SASS + PTX
      set(CMAKE_CUDA_ARCHITECTURES "${_cnn_kept}" CACHE STRING "CUDA architectures to build for")
      if(_cnn_dropped)
        message(STATUS "CUDA architectures: ${CMAKE_CUDA_ARCHITECTURES} "
                       "(not supported by this nvcc, left out: ${_cnn_dropped})")
      endif()
    endif()
    set(CMAKE_CUDA_STANDARD 17)  # CMake 3.25 knows no CUDA20 dialect; the .cu files stay C++17
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    set(CMAKE_CUDA_RUNTIME_LIBRARY Shared)
    enable_language(CUDA)
    find_package(CUDAToolkit)
    # cuDNN sits in the toolkit's standard location on our build machines (or CUDNN_ROOT).
    find_path(CUDNN_INCLUDE_DIR NAMES cudnn.h
              HINTS ${CUDNN_ROOT} ${CUDAToolkit_INCLUDE_DIRS} ${CUDAToolkit_TARGET_DIR}
              PATH_SUFFIXES include)
    find_library(CUDNN_LIBRARY NAMES cudnn
                 HINTS ${CUDNN_ROOT} ${CUDAToolkit_LIBRARY_DIR} ${CUDAToolkit_TARGET_DIR}
                 PATH_SUFFIXES lib64 lib)
    if(NOT CUDAToolkit_FOUND OR NOT TARGET CUDA::cublas)
      message(STATUS "CUDA backends (cublas, cudnn): skipped, the CUDA toolkit or cuBLAS was not found")
    elseif(NOT CUDNN_INCLUDE_DIR OR NOT CUDNN_LIBRARY)
      message(STATUS "CUDA backends (cublas, cudnn): skipped, cuDNN (cudnn.h, libcudnn) was not found "
                     "under ${CUDAToolkit_LIBRARY_ROOT}; set CUDNN_ROOT to its folder")
    else()
      set(CNN_CUDA_READY ON)
      message(STATUS "CUDA backends (cublas, cudnn): CUDA ${CUDAToolkit_VERSION}, cuDNN ${CUDNN_LIBRARY}, "
                     "architectures ${CMAKE_CUDA_ARCHITECTURES}")
    endif()
  endif()
endif()
