# The cublas and cudnn backends: op by op and whole models against the reference backend where a
# CUDA device is usable (skipped with the driver's reason elsewhere), the kernels' arithmetic on
# the host, and the libraries' behaviour without a device.
if(TARGET cnn_backend_cudnn)
  cnn_add_test(test_ops_cuda SOURCES test_ops_cuda.cpp op_test_harness.cpp op_test_harness.h op_shape_table.h
               LIBS cnn_backend_cublas cnn_backend_cudnn cnn_backend_reference)
  cnn_add_test(test_cuda_session SOURCES test_cuda_session.cpp
               LIBS cnn_backend_cublas cnn_backend_cudnn cnn_backend_reference cnn_models)
endif()
