#include "ui/metatypes.h"

namespace cnn::ui {

void register_metatypes() {
  qRegisterMetaType<cnn::Point>("cnn::Point");
  qRegisterMetaType<cnn::Progress>("cnn::Progress");
  qRegisterMetaType<cnn::Platform>("cnn::Platform");
  qRegisterMetaType<cnn::RunStatus>("cnn::RunStatus");
  qRegisterMetaType<cnn::ui::SweepRequest>("cnn::ui::SweepRequest");
  qRegisterMetaType<cnn::MachineRecord>("cnn::MachineRecord");
}

}  // namespace cnn::ui
