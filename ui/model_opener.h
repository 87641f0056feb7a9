#pragma once
// ModelOpener: reads a model file the user picked (.prototxt or .onnx) off the UI thread, through
// the catalog (which keeps an ONNX file's weights for the sweeps that follow), and says how it went.
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include "core/model/catalog.h"

namespace cnn::ui {

class ModelOpener : public QObject {
  Q_OBJECT
 public:
  // The catalog outlives the opener.
  explicit ModelOpener(const ModelCatalog& catalog, QObject* parent = nullptr);
  // Starts reading `path`; one file at a time (false, and nothing starts, while one is being read).
  bool open(const QString& path);
  bool busy() const { return watcher_.isRunning(); }

 signals:
  // `tooltip` describes it as the model list does (model_tooltip).
  void opened(const QString& id, const QString& tooltip);
  void failed(const QString& path, const QString& sentence);

 private:
  struct Result {
    QString path, id, tooltip, error;
  };
  const ModelCatalog& catalog_;
  QFutureWatcher<Result> watcher_;
};

}  // namespace cnn::ui
