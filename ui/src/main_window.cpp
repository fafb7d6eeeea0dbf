#include "hyperbagel/ui/main_window.h"

#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QFrame>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/chat_pane.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/history_panel.h"
#include "hyperbagel/ui/image_io.h"
#include "hyperbagel/ui/live_controller.h"
#include "hyperbagel/ui/model_manager_dialog.h"
#include "hyperbagel/ui/prompt_bar.h"

#include "history_commands.h"

namespace hb::ui {
namespace {

constexpr int kStateVersion = 1;
constexpr int kChatDockWidth = 360;
constexpr int kHistoryDockHeight = 150;
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kLastDirKey = QStringLiteral("mainWindow/lastDirectory");

} // namespace

MainWindow::MainWindow(EngineClient& engine, QWidget* parent)
    : QMainWindow(parent), m_engine(engine), m_imageIo(new ImageIo(this)), m_history(new HistoryModel(this)),
      m_undoStack(new QUndoStack(this)), m_live(new LiveController(engine, this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("HyperBagel Studio"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/hyperbagel.png")));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    // The chat pane takes the full height on the right; the history strip spans only the canvas.
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    m_canvas = new CanvasView(this);
    m_promptBar = new PromptBar(this);
    auto* separator = new QFrame(this);
    separator->setFrameShape(QFrame::HLine);
    separator->setFrameShadow(QFrame::Sunken);
    auto* central = new QWidget(this);
    central->setObjectName(QStringLiteral("centralArea"));
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_canvas, 1);
    centralLayout->addWidget(separator);
    centralLayout->addWidget(m_promptBar);
    setCentralWidget(central);

    createDocks();
    createActions();
    createToolBar();
    createMenus();
    createStatusBar();
    connectWidgets();
    connectEngine();
    connectChat();
    connectLive();
    connectHistory();
    connectMask();

    m_lastDirectory = QSettings().value(kLastDirKey).toString();
    resize(1280, 800);
    resizeDocks({m_chatDock}, {kChatDockWidth}, Qt::Horizontal);
    resizeDocks({m_historyDock}, {kHistoryDockHeight}, Qt::Vertical);
    m_defaultState = saveState(kStateVersion);
    updateImageState();
    updateModelState();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks() {
    m_chatPane = new ChatPane(this);
    m_chatDock = new QDockWidget(tr("Chat"), this);
    m_chatDock->setObjectName(QStringLiteral("chatDock"));
    m_chatDock->setWidget(m_chatPane);
    m_chatDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, m_chatDock);

    m_historyPanel = new HistoryPanel(m_history, this);
    m_historyDock = new QDockWidget(tr("History"), this);
    m_historyDock->setObjectName(QStringLiteral("historyDock"));
    m_historyDock->setWidget(m_historyPanel);
    m_historyDock->setAllowedAreas(Qt::TopDockWidgetArea | Qt::BottomDockWidgetArea);
    addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
}

void MainWindow::createStatusBar() {
    m_modelStateLabel = new QLabel(this);
    m_modelStateLabel->setObjectName(QStringLiteral("modelStateLabel"));
    m_imageLabel = new QLabel(this);
    m_imageLabel->setObjectName(QStringLiteral("imageInfoLabel"));
    m_zoomLabel = new QLabel(this);
    m_zoomLabel->setObjectName(QStringLiteral("zoomLabel"));
    m_zoomLabel->setMinimumWidth(56);
    m_zoomLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_warningLabel = new QLabel(this);
    m_warningLabel->setObjectName(QStringLiteral("runtimeWarningLabel"));
    m_warningLabel->hide();
    statusBar()->addPermanentWidget(m_warningLabel);
    statusBar()->addPermanentWidget(m_imageLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
    statusBar()->addPermanentWidget(m_modelStateLabel);
}

void MainWindow::connectWidgets() {
    connect(m_canvas, &CanvasView::imageChanged, this, &MainWindow::updateImageState);
    connect(m_canvas, &CanvasView::scaleChanged, this, &MainWindow::updateZoomLabel);
    connect(m_canvas, &CanvasView::filesDropped, this,
            [this](const QStringList& paths) { openImageFile(paths.first()); });
    connect(m_canvas, &CanvasView::imageDropped, this,
            [this](const QImage& image) { openImage(image, tr("Dropped image")); });

    connect(m_imageIo, &ImageIo::loaded, this, [this](const QString& path, const QImage& image) {
        openImage(image, QFileInfo(path).fileName());
        statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 5000);
    });
    connect(m_imageIo, &ImageIo::loadFailed, this, [this](const QString& /*path*/, const QString& message) {
        statusBar()->showMessage(message, 10000);
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Open Image"), message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    connect(m_imageIo, &ImageIo::saved, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
    });
    connect(m_imageIo, &ImageIo::saveFailed, this, [this](const QString& /*path*/, const QString& message) {
        statusBar()->showMessage(message, 10000);
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Export Image"), message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void MainWindow::openImageFile(const QString& path) {
    m_lastDirectory = QFileInfo(path).absolutePath();
    statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(path)));
    m_imageIo->load(path);
}

void MainWindow::openImage(const QImage& image, const QString& title) {
    if (image.isNull()) {
        return;
    }
    HistoryNode node;
    node.id = m_history->allocateId();
    node.image = image;
    node.title = title;
    node.created = QDateTime::currentDateTime();
    // A result not applied before another image is opened is dropped (the node change does it).
    m_undoStack->push(new AddNodeCommand(*m_history, node, tr("Open %1").arg(title)));
}

void MainWindow::setCurrentTitle(const QString& title) {
    setWindowTitle(title.isEmpty() ? tr("HyperBagel Studio") : tr("%1 — HyperBagel Studio").arg(title));
}

ModelManagerDialog* MainWindow::modelManager() const { return m_modelManager.data(); }

void MainWindow::openModelManager() {
    if (m_modelManager == nullptr) {
        m_modelManager = new ModelManagerDialog(m_engine, this);
    }
    m_modelManager->show();
    m_modelManager->raise();
    m_modelManager->activateWindow();
}

void MainWindow::inspectModelFolder(const QString& folder) {
    openModelManager();
    m_modelManager->setFolder(folder);
    m_modelManager->inspect();
}

void MainWindow::updateImageState() {
    const bool hasImage = m_canvas->hasImage();
    for (QAction* action :
         {m_exportAction, m_copyAction, m_zoomInAction, m_zoomOutAction, m_fitAction, m_actualSizeAction}) {
        action->setEnabled(hasImage);
    }
    m_promptBar->setHasImage(hasImage);
    if (hasImage) {
        const QImage& image = m_canvas->image();
        m_imageLabel->setText(tr("%1 × %2 px").arg(image.width()).arg(image.height()));
    } else {
        m_imageLabel->clear();
    }
    m_zoomLabel->setVisible(hasImage);
    updateZoomLabel(m_canvas->scale());
    updateActionStates();
}

void MainWindow::updateZoomLabel(double scale) {
    m_zoomLabel->setText(tr("%1 %", "zoom percentage").arg(qRound(scale * 100.0)));
}

void MainWindow::updateModelState() {
    m_promptBar->setModelLoaded(m_modelLoaded);
    m_live->setActive(m_modelLoaded && m_promptBar->isLive());
    m_chatPane->setModelLoaded(m_modelLoaded);
    const QString dot = QStringLiteral("<span style=\"color:%1\">&#9679;</span> ")
                            .arg(m_modelLoaded ? QStringLiteral("#2ea043") : QStringLiteral("#d08a00"));
    // The status bar shows the summary's first two items (name and size) so status messages keep
    // their room; the tooltip describes the model in full.
    const QString shortSummary = m_modelSummary.section(QStringLiteral(", "), 0, 1);
    m_modelStateLabel->setText(
        dot +
        (m_modelLoaded ? tr("Model loaded: %1").arg(shortSummary) : tr("No model loaded")).toHtmlEscaped());
    m_modelStateLabel->setToolTip(m_modelLoaded ? m_engine.modelDescription()
                                                : tr("Open Model ▸ Model Manager… to inspect a checkpoint."));
    updateActionStates();
}

void MainWindow::showRuntimeWarnings(const QStringList& warnings) {
    if (warnings.isEmpty()) {
        m_warningLabel->hide();
        return;
    }
    m_warningLabel->setText(tr("⚠ Start-up warnings: %1").arg(warnings.size()));
    m_warningLabel->setToolTip(warnings.join(QLatin1Char('\n')));
    m_warningLabel->show();
    statusBar()->showMessage(warnings.first(), 30000);
}

void MainWindow::restoreWindowState() {
    QSettings settings;
    const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
    if (!geometry.isEmpty()) {
        restoreGeometry(geometry);
    }
    const QByteArray state = settings.value(kStateKey).toByteArray();
    if (!state.isEmpty()) {
        restoreState(state, kStateVersion);
    }
}

void MainWindow::saveWindowState() const {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kStateVersion));
    settings.setValue(kLastDirKey, m_lastDirectory);
}

void MainWindow::resetLayout() {
    restoreState(m_defaultState, kStateVersion);
    m_chatDock->show();
    m_historyDock->show();
    m_toolBar->show();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveWindowState();
    if (m_modelManager != nullptr) {
        m_modelManager->close();
    }
    event->accept();
}

} // namespace hb::ui
