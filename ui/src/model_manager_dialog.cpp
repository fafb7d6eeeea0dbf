#include "hyperbagel/ui/model_manager_dialog.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QFileDialog>
#include <QFileSystemModel>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/report_view.h"

namespace hb::ui {
namespace {
const QString kLastFolderKey = QStringLiteral("modelManager/lastFolder");
} // namespace

ModelManagerDialog::ModelManagerDialog(EngineClient& engine, QWidget* parent)
    : QDialog(parent), m_engine(engine) {
    setObjectName(QStringLiteral("modelManagerDialog"));
    setWindowTitle(tr("Model Manager"));
    buildUi();
    resize(920, 640);

    connect(&m_engine, &EngineClient::checkpointInspected, this, &ModelManagerDialog::onInspected);
    connect(&m_engine, &EngineClient::inspectionFailed, this, &ModelManagerDialog::onFailed);
    connect(&m_engine, &EngineClient::modelLoaded, this, &ModelManagerDialog::onModelLoaded);
    connect(&m_engine, &EngineClient::modelLoadFailed, this, &ModelManagerDialog::onModelLoadFailed);
    connect(&m_engine, &EngineClient::loadingChanged, this, [this](bool loading) {
        m_progress->setVisible(loading || m_inspecting);
        updateButtons();
    });

    setFolder(QSettings().value(kLastFolderKey).toString());
}

void ModelManagerDialog::buildUi() {
    auto* folderLabel = new QLabel(tr("Checkpoint &folder:"), this);
    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("folderEdit"));
    m_folder->setPlaceholderText(tr("A BAGEL folder with llm_config.json, ema.safetensors, ae.safetensors…"));
    m_folder->setClearButtonEnabled(true);
    folderLabel->setBuddy(m_folder);
    auto* dirModel = new QFileSystemModel(this);
    dirModel->setFilter(QDir::AllDirs | QDir::NoDotAndDotDot | QDir::Drives);
    dirModel->setRootPath(QString());
    auto* completer = new QCompleter(dirModel, this);
    m_folder->setCompleter(completer);
    connect(m_folder, &QLineEdit::textChanged, this, &ModelManagerDialog::updateButtons);
    connect(m_folder, &QLineEdit::returnPressed, this, &ModelManagerDialog::inspect);

    m_browse = new QPushButton(tr("&Browse…"), this);
    m_browse->setObjectName(QStringLiteral("browseButton"));
    m_browse->setAutoDefault(false);
    connect(m_browse, &QPushButton::clicked, this, &ModelManagerDialog::browse);

    m_inspect = new QPushButton(tr("&Inspect"), this);
    m_inspect->setObjectName(QStringLiteral("inspectButton"));
    m_inspect->setToolTip(tr("Check the folder without loading the model"));
    m_inspect->setAutoDefault(false);
    connect(m_inspect, &QPushButton::clicked, this, &ModelManagerDialog::inspect);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("inspectProgress"));
    m_progress->setRange(0, 0); // busy indicator: the engine reports no steps for an inspection
    m_progress->setMaximumWidth(160);
    m_progress->setMaximumHeight(14);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);

    m_reportView = new ReportView(this);

    m_copy = new QPushButton(tr("&Copy report"), this);
    m_copy->setObjectName(QStringLiteral("copyReportButton"));
    m_copy->setAutoDefault(false);
    m_copy->setToolTip(tr("Copy the report as text, e.g. for a bug report"));
    connect(m_copy, &QPushButton::clicked, this, &ModelManagerDialog::copyReport);
    m_load = new QPushButton(tr("&Load"), this);
    m_load->setObjectName(QStringLiteral("loadButton"));
    m_load->setAutoDefault(false);
    m_load->setToolTip(tr("Load the inspected model with the chosen device and precision"));
    connect(m_load, &QPushButton::clicked, this, &ModelManagerDialog::load);
    m_unload = new QPushButton(tr("&Unload"), this);
    m_unload->setObjectName(QStringLiteral("unloadButton"));
    m_unload->setAutoDefault(false);
    connect(m_unload, &QPushButton::clicked, this, &ModelManagerDialog::unload);
    auto* deviceLabel = new QLabel(tr("&Device:"), this);
    m_device = new QComboBox(this);
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    // One entry per GPU ("cuda:N"), so a machine with several can pick one.
    for (int gpu = 0; gpu < m_engine.cudaDevices(); ++gpu) {
        m_device->addItem(tr("CUDA GPU %1").arg(gpu), QStringLiteral("cuda:%1").arg(gpu));
    }
    deviceLabel->setBuddy(m_device);
    auto* precisionLabel = new QLabel(tr("&Precision:"), this);
    m_precision = new QComboBox(this);
    m_precision->setObjectName(QStringLiteral("precisionCombo"));
    m_precision->addItem(QStringLiteral("fp32"), QStringLiteral("fp32"));
    m_precision->addItem(QStringLiteral("bf16"), QStringLiteral("bf16"));
    precisionLabel->setBuddy(m_precision);
    auto* close = new QPushButton(tr("Close"), this);
    close->setObjectName(QStringLiteral("closeButton"));
    close->setAutoDefault(false);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);

    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(folderLabel);
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(m_browse);
    folderRow->addWidget(m_inspect);

    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_progress);
    statusRow->addWidget(m_status, 1);

    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_copy);
    buttonRow->addStretch(1);
    buttonRow->addWidget(deviceLabel);
    buttonRow->addWidget(m_device);
    buttonRow->addWidget(precisionLabel);
    buttonRow->addWidget(m_precision);
    buttonRow->addWidget(m_load);
    buttonRow->addWidget(m_unload);
    buttonRow->addWidget(close);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 14, 14, 12);
    layout->setSpacing(10);
    layout->addLayout(folderRow);
    layout->addLayout(statusRow);
    layout->addWidget(m_reportView, 1);
    layout->addLayout(buttonRow);
    updateButtons();
}

QString ModelManagerDialog::folder() const { return m_folder->text().trimmed(); }

void ModelManagerDialog::setFolder(const QString& folder) {
    m_folder->setText(QDir::toNativeSeparators(folder));
}

void ModelManagerDialog::browse() {
    const QString chosen =
        QFileDialog::getExistingDirectory(this, tr("Choose a checkpoint folder"), folder());
    if (!chosen.isEmpty()) {
        setFolder(chosen);
        inspect();
    }
}

void ModelManagerDialog::inspect() {
    const QString path = QDir::fromNativeSeparators(folder());
    if (path.isEmpty()) {
        return;
    }
    m_requestedFolder = path;
    QSettings().setValue(kLastFolderKey, path);
    setInspecting(true);
    m_status->setText(tr("Inspecting %1…").arg(QDir::toNativeSeparators(path)));
    m_engine.inspectCheckpoint(path);
}

void ModelManagerDialog::setInspecting(bool inspecting) {
    m_inspecting = inspecting;
    m_progress->setVisible(inspecting || m_engine.isLoading());
    updateButtons();
}

void ModelManagerDialog::onInspected(const QString& folder, const hb::CheckpointReport& report) {
    if (!m_inspecting || folder != m_requestedFolder) {
        return; // someone else's request
    }
    setInspecting(false);
    m_report = report;
    m_hasReport = true;
    m_reportView->setReport(report);
    m_status->setText(report.valid ? tr("Inspected %1.").arg(QDir::toNativeSeparators(folder))
                                   : tr("Inspected %1: the folder has problems (see Findings).")
                                         .arg(QDir::toNativeSeparators(folder)));
    updateButtons();
    Q_EMIT inspectionFinished(true);
}

void ModelManagerDialog::onFailed(const QString& folder, const QString& message) {
    if (!m_inspecting || folder != m_requestedFolder) {
        return;
    }
    setInspecting(false);
    m_hasReport = false;
    m_report = CheckpointReport{};
    m_reportView->showError(message);
    m_status->setText(tr("Could not inspect %1.").arg(QDir::toNativeSeparators(folder)));
    updateButtons();
    Q_EMIT inspectionFinished(false);
}

void ModelManagerDialog::copyReport() {
    if (m_hasReport) {
        QApplication::clipboard()->setText(QString::fromStdString(formatReportText(m_report)));
        m_status->setText(tr("Report copied to the clipboard."));
    }
}

void ModelManagerDialog::load() {
    if (!m_hasReport || !m_report.valid || m_engine.isLoading()) {
        return;
    }
    const QString path = m_requestedFolder;
    m_status->setText(tr("Loading %1…").arg(QDir::toNativeSeparators(path)));
    m_engine.loadModel(path, m_device->currentData().toString(), m_precision->currentData().toString());
    updateButtons();
}

void ModelManagerDialog::unload() {
    m_engine.unloadModel();
    m_status->setText(tr("Model unloaded."));
    updateButtons();
}

void ModelManagerDialog::onModelLoaded(const QString& /*description*/, const QString& summary) {
    m_status->setText(tr("Loaded %1.").arg(summary));
    updateButtons();
}

void ModelManagerDialog::onModelLoadFailed(const QString& message) {
    m_status->setText(tr("Could not load the model.") + QLatin1Char(' ') + message);
    updateButtons();
}

void ModelManagerDialog::updateButtons() {
    const bool busy = m_inspecting || m_engine.isLoading();
    m_inspect->setEnabled(!folder().isEmpty());
    m_copy->setEnabled(m_hasReport);
    // Load what was inspected: the report must be valid and belong to the folder in the field.
    const bool inspectedHere =
        m_hasReport && m_report.valid && QDir::fromNativeSeparators(folder()) == m_requestedFolder;
    m_load->setEnabled(inspectedHere && !busy);
    m_unload->setEnabled(m_engine.isModelLoaded() && !m_engine.isLoading());
    m_device->setEnabled(!m_engine.isLoading());
    m_precision->setEnabled(!m_engine.isLoading());
}

} // namespace hb::ui
