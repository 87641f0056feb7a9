#pragma once
// The core types that travel through queued signals between the worker thread and the UI thread.
#include <QMetaType>

#include "core/bench/machine.h"
#include "core/bench/point.h"
#include "core/bench/runner.h"
#include "core/store/results_store.h"
#include "ui/sweep_request.h"

Q_DECLARE_METATYPE(cnn::Point)
Q_DECLARE_METATYPE(cnn::Progress)
Q_DECLARE_METATYPE(cnn::Platform)
Q_DECLARE_METATYPE(cnn::RunStatus)
Q_DECLARE_METATYPE(cnn::ui::SweepRequest)
Q_DECLARE_METATYPE(cnn::MachineRecord)

namespace cnn::ui {

// Registers the types above by name; call once before connecting the worker (idempotent).
void register_metatypes();

}  // namespace cnn::ui
