#include "ui/metatypes.h"

namespace cnn::ui {

void register_metatypes() {
  qRegisterMetaType<cnn::Point>("cnn::Point");
  qRegisterMetaType<cnn::Progress>("cnn::Progress");
  qRegisterMetaType<cnn::Platform>("cnn::Platform");
  qRegisterMetaType<cnn::RunStatus>("cnn::RunStatus");
  qRegisterMetaType<cnn::ui::SweepRequest>("cnn::ui::SweepRequest");
}

}  // namespace cnn::ui
