#include "ui/charts/chart_image.h"

#include <QChart>
#include <QCoreApplication>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QPainter>

#include "ui/charts/chart_style.h"

namespace cnn::ui {
namespace {

// Lays out the chart at `size` now, not on the next event loop turn.
void resize_now(QChart* chart, QSizeF size) {
  // Qt Charts deletes the items of removed series and axes later: draw none of them.
  QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
  chart->resize(size);
  apply_chart_style(chart, size.toSize());
  if (chart->layout()) chart->layout()->activate();
}

}  // namespace

QImage render_chart(QChart* chart, QSize size) {
  Q_ASSERT(chart && !size.isEmpty());
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);

  QGraphicsScene own_scene;  // for a chart that is in no view
  const bool borrowed = chart->scene() == nullptr;
  if (borrowed) own_scene.addItem(chart);
  const QSizeF old_size = chart->size();
  const QPointF old_pos = chart->pos();
  chart->setPos(0, 0);
  resize_now(chart, size);
  {
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    chart->scene()->render(&painter, QRectF(QPointF(0, 0), size), QRectF(chart->scenePos(), QSizeF(size)));
  }
  chart->setPos(old_pos);
  resize_now(chart, old_size);
  if (borrowed) own_scene.removeItem(chart);
  return image;
}

bool save_chart_png(QChart* chart, QSize size, const QString& path) {
  return render_chart(chart, size).save(path, "PNG");
}

}  // namespace cnn::ui
