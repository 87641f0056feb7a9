#include "backends/backend_registration.h"

#include "backends/reference/reference_backend.h"
#ifdef CNN_HAVE_OPENBLAS
#include "backends/openblas/openblas_backend.h"
#include "backends/openblas/openblas_kernel.h"
#endif
#ifdef CNN_HAVE_ONEDNN
#include "backends/onednn/onednn_backend.h"
#endif
#ifdef CNN_HAVE_CUDA
#include "backends/cublas/cublas_backend.h"
#include "backends/cudnn/cudnn_backend.h"
#endif

namespace cnn {

void prepare_backends_for_process(char** argv) {
#ifdef CNN_HAVE_OPENBLAS
  openblas_select_kernel(argv);
#endif
  (void)argv;
}

void register_backends(BackendRegistry& registry) {
  registry.add(std::make_unique<ReferenceBackend>());
#ifdef CNN_HAVE_OPENBLAS
  registry.add(std::make_unique<OpenBlasBackend>());
#endif
#ifdef CNN_HAVE_ONEDNN
  registry.add(std::make_unique<OneDnnBackend>());
#endif
#ifdef CNN_HAVE_CUDA
  registry.add(std::make_unique<CublasBackend>());
  registry.add(std::make_unique<CudnnBackend>());
#endif
}

}  // namespace cnn
