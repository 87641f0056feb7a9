#include "ui/model_opener.h"

#include <QtConcurrent/QtConcurrentRun>

#include "ui/control_panel.h"

namespace cnn::ui {

ModelOpener::ModelOpener(const ModelCatalog& catalog, QObject* parent) : QObject(parent), catalog_(catalog) {
  connect(&watcher_, &QFutureWatcher<Result>::finished, this, [this] {
    const Result r = watcher_.result();
    if (r.error.isEmpty()) emit opened(r.id, r.tooltip);
    else emit failed(r.path, r.error);
  });
}

bool ModelOpener::open(const QString& path) {
  if (busy()) return false;
  const ModelCatalog& catalog = catalog_;
  watcher_.setFuture(QtConcurrent::run([&catalog, path] {
    Result r;
    r.path = path;
    try {
      const ModelInfo model = catalog.resolve(path.toStdString());
      r.id = QString::fromStdString(model.id);
      r.tooltip = model_tooltip(catalog, model);
    } catch (const std::exception& e) {
      r.error = QString::fromStdString(e.what());
    }
    return r;
  }));
  return true;
}

}  // namespace cnn::ui
