#include "ui/control_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

#include "core/model/catalog.h"
#include "core/model/graph.h"
#include "ui/batch_size_editor.h"
#include "ui/library_chooser.h"

namespace cnn::ui {
namespace {

QSpinBox* spin(int min, int max, int value, QWidget* parent) {
  auto* s = new QSpinBox(parent);
  s->setRange(min, max);
  s->setValue(value);
  return s;
}

QString millions(double v) { return QString::number(v / 1e6, 'f', v < 1e7 ? 2 : 1) + " M"; }

}  // namespace

QString model_tooltip(const ModelCatalog& catalog, const std::string& id) {
  const ModelInfo* m = catalog.find(id);
  return m ? model_tooltip(catalog, *m) : QString();
}

QString model_tooltip(const ModelCatalog& catalog, const ModelInfo& model) {
  const ModelInfo* m = &model;
  QString tip = QString("<b>%1</b><br>").arg(QString::fromStdString(m->name).toHtmlEscaped());
  tip += QObject::tr("Input: %1 x %2 x %3").arg(m->input.c).arg(m->input.h).arg(m->input.w) + "<br>";
  try {
    const Graph graph(catalog.parse(*m), 1);
    tip += QObject::tr("%1 MACs, %2 parameters per image").arg(millions(double(graph.total_macs())),
                                                              millions(double(graph.total_params()))) + "<br>";
  } catch (const ModelError& e) {
    tip += QString::fromStdString(e.what()).toHtmlEscaped() + "<br>";
  }
  if (m->top1 > 0)
    tip += QObject::tr("ImageNet top-1 %1 %, top-5 %2 %").arg(100 * m->top1, 0, 'f', 1).arg(100 * m->top5, 0, 'f', 1);
  else
    tip += QObject::tr("Accuracy unknown");
  if (!m->file.empty()) tip += "<br>" + QObject::tr("Runs with its own weights (%1)").arg(QString::fromStdString(m->file).toHtmlEscaped());
  return tip;
}

ControlPanel::ControlPanel(const ModelCatalog& catalog, const BackendRegistry& backends, QWidget* parent)
    : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);

  auto* models_box = new QGroupBox(tr("Models"), this);
  models_ = new QListWidget(models_box);
  for (const ModelInfo& m : catalog.all()) {
    auto* item = new QListWidgetItem(QString::fromStdString(m.id), models_);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
    item->setCheckState(Qt::Unchecked);
    item->setToolTip(model_tooltip(catalog, m.id));
  }
  models_->setMaximumHeight(models_->sizeHintForRow(0) * (int(catalog.all().size()) + 1) + 8);
  (new QVBoxLayout(models_box))->addWidget(models_);
  layout->addWidget(models_box);

  auto* libs_box = new QGroupBox(tr("Libraries"), this);
  libs_ = new LibraryChooser(backends, libs_box);
  (new QVBoxLayout(libs_box))->addWidget(libs_);
  layout->addWidget(libs_box);

  auto* batch_box = new QGroupBox(tr("Batch sizes"), this);
  batches_ = new BatchSizeEditor(batch_box);
  (new QVBoxLayout(batch_box))->addWidget(batches_);
  layout->addWidget(batch_box);

  auto* run_box = new QGroupBox(tr("Measurement"), this);
  auto* form = new QFormLayout(run_box);
  const RepetitionRule rule;
  repetitions_ = spin(1, 1000, rule.min_reps, run_box);
  repetitions_->setToolTip(tr("At least this many timed repetitions per point (each an end-to-end and a per-layer "
                              "pass), and at least %1 s of end-to-end time, up to %2; a noisy point gets more, up to %2")
                               .arg(rule.min_time_s).arg(rule.max_reps));
  max_reps_ = spin(1, 100000, rule.max_reps, run_box);
  max_reps_->setToolTip(tr("At most this many repetitions per point, also for a noisy point's extra rounds"));
  min_time_ = new QDoubleSpinBox(run_box);
  min_time_->setRange(0, 600);
  min_time_->setDecimals(2);
  min_time_->setSingleStep(0.25);
  min_time_->setSuffix(tr(" s"));
  min_time_->setValue(rule.min_time_s);
  min_time_->setToolTip(tr("At least this much end-to-end time per point in all (short passes repeat more)"));
  rounds_ = spin(1, 20, rule.rounds, run_box);
  rounds_->setToolTip(tr("Each point's repetitions are spread over this many rounds of the whole sweep, so a slow "
                         "minute on the machine lands on a share of many points rather than on a few"));
  warmup_ = spin(0, 1000, RunConfig{}.warmup, run_box);
  warmup_->setToolTip(tr("Untimed forward passes at the start of every visit of a point"));
  threads_ = spin(0, 1024, 0, run_box);
  threads_->setSpecialValueText(tr("all cores"));
  threads_->setToolTip(tr("CPU threads for the CPU libraries"));
  graph_ = new QComboBox(run_box);
  graph_->addItem(tr("Caffe layers"), QStringLiteral("caffe"));
  graph_->addItem(tr("Fused"), QStringLiteral("fused"));
  graph_->addItem(tr("Both"), QStringLiteral("caffe,fused"));
  graph_->setToolTip(tr("Caffe layers: the model's layers one by one, as its file lists them (per-layer times "
                        "compare layer by layer). Fused: BatchNorm and Scale folded into convolutions, activations "
                        "and sums fused into their producers. Both: every point in each mode, side by side"));
  auto* schedule_row = new QWidget(run_box);
  auto* schedule_layout = new QHBoxLayout(schedule_row);
  schedule_layout->setContentsMargins(0, 0, 0, 0);
  for (const auto& [scheduler, text] : {std::pair{Scheduler::Sequential, tr("Sequential")},
                                        std::pair{Scheduler::Greedy, tr("Greedy")}, std::pair{Scheduler::Ios, tr("IOS")}}) {
    auto* box = new QCheckBox(text, schedule_row);
    box->setChecked(scheduler == Scheduler::Sequential);
    schedule_layout->addWidget(box);
    schedulers_.emplace_back(scheduler, box);
  }
  schedule_layout->addStretch(1);
  schedule_row->setToolTip(tr("Sequential: every layer alone, in order. Greedy: every ready layer at once, in "
                              "concurrent groups on the threads shared between them. IOS: the stages IOS's dynamic "
                              "program finds over measured stage times. Each point runs with every one ticked"));
  label_ = new QLineEdit(run_box);
  label_->setPlaceholderText(tr("a note kept with the run"));
  form->addRow(tr("Repetitions (at least)"), repetitions_);
  form->addRow(tr("Repetitions (at most)"), max_reps_);
  form->addRow(tr("Time per point (at least)"), min_time_);
  form->addRow(tr("Rounds"), rounds_);
  form->addRow(tr("Warm-up"), warmup_);
  form->addRow(tr("Threads"), threads_);
  form->addRow(tr("Graph"), graph_);
  form->addRow(tr("Schedule"), schedule_row);
  form->addRow(tr("Run label"), label_);
  layout->addWidget(run_box);

  published_ = new QCheckBox(tr("Show published Jetson TX1 (Caffe 2016)"), this);
  published_->setToolTip(tr("Draw the figures published for the Jetson TX1 with Caffe (dividiti, 2016) beside this run"));
  connect(published_, &QCheckBox::toggled, this, &ControlPanel::showPublishedChanged);
  layout->addWidget(published_);

  auto* buttons = new QHBoxLayout;
  run_ = new QPushButton(tr("Run"), this);
  run_->setDefault(true);
  stop_ = new QPushButton(tr("Stop"), this);
  stop_->setEnabled(false);
  buttons->addWidget(run_);
  buttons->addWidget(stop_);
  layout->addLayout(buttons);
  layout->addStretch();
  connect(run_, &QPushButton::clicked, this, &ControlPanel::runRequested);
  connect(stop_, &QPushButton::clicked, this, &ControlPanel::stopRequested);

  select_defaults();
}

std::optional<SweepRequest> ControlPanel::request(QString* problem) const {
  const auto fail = [&](const QString& why) -> std::optional<SweepRequest> {
    if (problem) *problem = why;
    return std::nullopt;
  };
  std::vector<std::string> models;
  for (const QString& id : checked_models()) models.push_back(id.toStdString());
  if (models.empty()) return fail(tr("Choose at least one model."));
  const std::vector<LibraryChoice> libs = libs_->choices();
  if (libs.empty()) return fail(tr("Choose at least one available library (and a precision for it)."));
  QString batch_problem;
  const std::vector<int> batches = batches_->batches(&batch_problem);
  if (batches.empty()) return fail(batch_problem);
  return make_sweep(models, libs, batches, config(), label_->text().toStdString(), graphs(), schedulers());
}

RunConfig ControlPanel::config() const {
  RunConfig config;
  config.reps.min_reps = repetitions_->value();
  config.reps.max_reps = std::max(max_reps_->value(), config.reps.min_reps);
  config.reps.min_time_s = min_time_->value();
  config.reps.rounds = rounds_->value();
  config.warmup = warmup_->value();
  config.threads = threads_->value();
  return config;
}

void ControlPanel::select_defaults() {
  for (int i = 0; i < models_->count(); ++i) models_->item(i)->setCheckState(Qt::Checked);
  libs_->check_all_available();
  batches_->set_range(2, 16, 2);
}

void ControlPanel::set_models(const QStringList& ids) {
  for (int i = 0; i < models_->count(); ++i)
    models_->item(i)->setCheckState(ids.contains(models_->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
}

void ControlPanel::add_model_file(const QString& path, const QString& tooltip) {
  QListWidgetItem* item = nullptr;
  for (int i = 0; i < models_->count() && !item; ++i)
    if (models_->item(i)->text() == path) item = models_->item(i);
  if (!item) {
    item = new QListWidgetItem(path, models_);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
    opened_ << path;
    models_->setMaximumHeight(models_->sizeHintForRow(0) * (models_->count() + 1) + 8);
  }
  item->setToolTip(tooltip);
  item->setCheckState(Qt::Checked);
  models_->scrollToItem(item);
}

QStringList ControlPanel::opened_models() const { return opened_; }

QStringList ControlPanel::checked_models() const {
  QStringList out;
  for (int i = 0; i < models_->count(); ++i)
    if (models_->item(i)->checkState() == Qt::Checked) out << models_->item(i)->text();
  return out;
}

void ControlPanel::set_measurement(int repetitions, int warmup, int threads, int rounds, double min_time_s, int max_reps) {
  repetitions_->setValue(repetitions);
  max_reps_->setValue(max_reps > 0 ? max_reps : repetitions);
  min_time_->setValue(min_time_s);
  rounds_->setValue(rounds);
  warmup_->setValue(warmup);
  threads_->setValue(threads);
}

std::vector<GraphMode> ControlPanel::graphs() const {
  std::vector<GraphMode> out;
  for (const QString& name : graph_->currentData().toString().split(QLatin1Char(',')))
    if (const auto g = parse_graph_mode(name.toStdString())) out.push_back(*g);
  return out.empty() ? std::vector<GraphMode>{GraphMode::Caffe} : out;
}

void ControlPanel::set_graphs(const std::vector<GraphMode>& graphs) {
  const auto has = [&](GraphMode g) { return std::find(graphs.begin(), graphs.end(), g) != graphs.end(); };
  const bool fused = has(GraphMode::Fused);
  graph_->setCurrentIndex(!fused ? 0 : has(GraphMode::Caffe) ? 2 : 1);  // the items' order
}

std::vector<Scheduler> ControlPanel::schedulers() const {
  std::vector<Scheduler> out;
  for (const auto& [scheduler, box] : schedulers_)
    if (box->isChecked()) out.push_back(scheduler);
  return out.empty() ? std::vector<Scheduler>{Scheduler::Sequential} : out;
}

void ControlPanel::set_schedulers(const std::vector<Scheduler>& schedulers) {
  for (const auto& [scheduler, box] : schedulers_)
    box->setChecked(std::find(schedulers.begin(), schedulers.end(), scheduler) != schedulers.end());
}

bool ControlPanel::show_published() const { return published_->isChecked(); }
void ControlPanel::set_show_published(bool on) { published_->setChecked(on); }

void ControlPanel::set_running(bool running) {
  run_->setEnabled(!running);
  stop_->setEnabled(running);
}

void ControlPanel::save(QSettings& s) const {
  s.setValue("selection/models", checked_models());
  s.setValue("selection/opened_models", opened_);
  s.setValue("selection/libs", libs_->checked());
  batches_->save(s);
  s.setValue("selection/repetitions", repetitions_->value());
  s.setValue("selection/warmup", warmup_->value());
  s.setValue("selection/rounds", rounds_->value());
  s.setValue("selection/max_reps", max_reps_->value());
  s.setValue("selection/min_time_s", min_time_->value());
  s.setValue("selection/threads", threads_->value());
  s.setValue("selection/graph", graph_->currentData());
  QStringList schedule;
  for (Scheduler scheduler : schedulers()) schedule << QString::fromStdString(std::string(to_string(scheduler)));
  s.setValue("selection/schedule", schedule.join(QLatin1Char(',')));
  s.setValue("selection/label", label_->text());
  s.setValue("view/published", published_->isChecked());
}

void ControlPanel::restore(const QSettings& s) {
  for (const QString& path : s.value("selection/opened_models").toStringList())
    if (QFileInfo(path).isFile()) add_model_file(path, tr("%1<br>Read when a sweep starts").arg(path.toHtmlEscaped()));
  if (s.contains("selection/models")) set_models(s.value("selection/models").toStringList());
  if (s.contains("selection/libs")) libs_->set_checked(s.value("selection/libs").toStringList());
  batches_->restore(s);
  repetitions_->setValue(s.value("selection/repetitions", repetitions_->value()).toInt());
  warmup_->setValue(s.value("selection/warmup", warmup_->value()).toInt());
  rounds_->setValue(s.value("selection/rounds", rounds_->value()).toInt());
  max_reps_->setValue(s.value("selection/max_reps", max_reps_->value()).toInt());
  min_time_->setValue(s.value("selection/min_time_s", min_time_->value()).toDouble());
  threads_->setValue(s.value("selection/threads", threads_->value()).toInt());
  if (const int g = graph_->findData(s.value("selection/graph").toString()); g >= 0) graph_->setCurrentIndex(g);
  if (s.contains("selection/schedule")) {  // names parsed once here; unknown ones are dropped
    std::vector<Scheduler> schedule;
    for (const QString& name : s.value("selection/schedule").toString().split(QLatin1Char(',')))
      if (const auto scheduler = parse_scheduler(name.toStdString())) schedule.push_back(*scheduler);
    if (!schedule.empty()) set_schedulers(schedule);
  }
  label_->setText(s.value("selection/label", label_->text()).toString());
  published_->setChecked(s.value("view/published", false).toBool());
}

}  // namespace cnn::ui
