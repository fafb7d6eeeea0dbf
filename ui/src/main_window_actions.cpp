// MainWindow's actions, menus, toolbar and the file / clipboard commands behind them.
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QImageReader>
#include <QImageWriter>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>
#include <QUrl>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/image_io.h"
#include "hyperbagel/ui/main_window.h"

#include "tool_icons.h"

namespace hb::ui {
namespace {

QAction* makeAction(QObject* parent, const QString& objectName, const QString& text,
                    const QList<QKeySequence>& shortcuts, const QString& statusTip) {
    auto* action = new QAction(text, parent);
    action->setObjectName(objectName);
    action->setShortcuts(shortcuts);
    action->setStatusTip(statusTip);
    return action;
}

} // namespace

void MainWindow::createActions() {
    const QColor ink = palette().color(QPalette::WindowText);
    auto glyph = [&ink](ToolIcons::Glyph g) { return ToolIcons::icon(g, ink); };
    m_openAction = makeAction(this, QStringLiteral("actionOpen"), tr("&Open Image…"), {QKeySequence::Open},
                              tr("Open an image file on the canvas"));
    m_openAction->setIcon(glyph(ToolIcons::Glyph::Open));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseAndOpenImage);

    m_exportAction =
        makeAction(this, QStringLiteral("actionExport"), tr("&Export Image…"),
                   {QKeySequence(Qt::CTRL | Qt::Key_E)}, tr("Save the canvas image as PNG, JPEG or WebP"));
    m_exportAction->setIcon(glyph(ToolIcons::Glyph::Export));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::chooseAndExportImage);

    m_quitAction = makeAction(this, QStringLiteral("actionQuit"), tr("&Quit"),
                              {QKeySequence(Qt::CTRL | Qt::Key_Q)}, tr("Quit HyperBagel Studio"));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_pasteAction = makeAction(this, QStringLiteral("actionPaste"), tr("&Paste Image"), {QKeySequence::Paste},
                               tr("Open the image on the clipboard"));
    m_pasteAction->setIcon(glyph(ToolIcons::Glyph::Paste));
    connect(m_pasteAction, &QAction::triggered, this, &MainWindow::pasteFromClipboard);
    // Undo / Redo walk the history: opening, applying and going to a node are undo steps.
    m_undoAction = m_undoStack->createUndoAction(this, tr("&Undo"));
    m_undoAction->setObjectName(QStringLiteral("actionUndo"));
    m_undoAction->setShortcuts(QKeySequence::Undo);
    m_redoAction = m_undoStack->createRedoAction(this, tr("&Redo"));
    m_redoAction->setObjectName(QStringLiteral("actionRedo"));
    m_redoAction->setShortcuts(QKeySequence::Redo);

    m_copyAction = makeAction(this, QStringLiteral("actionCopy"), tr("&Copy Image"), {QKeySequence::Copy},
                              tr("Copy the canvas image to the clipboard"));
    connect(m_copyAction, &QAction::triggered, this, &MainWindow::copyImage);

    m_zoomInAction =
        makeAction(this, QStringLiteral("actionZoomIn"), tr("Zoom &In"),
                   {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)},
                   tr("Enlarge the view"));
    m_zoomInAction->setIcon(glyph(ToolIcons::Glyph::ZoomIn));
    connect(m_zoomInAction, &QAction::triggered, m_canvas, &CanvasView::zoomIn);
    m_zoomOutAction = makeAction(this, QStringLiteral("actionZoomOut"), tr("Zoom &Out"),
                                 {QKeySequence(Qt::CTRL | Qt::Key_Minus)}, tr("Shrink the view"));
    m_zoomOutAction->setIcon(glyph(ToolIcons::Glyph::ZoomOut));
    connect(m_zoomOutAction, &QAction::triggered, m_canvas, &CanvasView::zoomOut);
    m_fitAction = makeAction(this, QStringLiteral("actionFit"), tr("&Fit to Window"),
                             {QKeySequence(Qt::CTRL | Qt::Key_0)}, tr("Show the whole image"));
    m_fitAction->setIcon(glyph(ToolIcons::Glyph::Fit));
    connect(m_fitAction, &QAction::triggered, m_canvas, &CanvasView::fitToWindow);
    m_actualSizeAction =
        makeAction(this, QStringLiteral("actionActualSize"), tr("&Actual Size"),
                   {QKeySequence(Qt::CTRL | Qt::Key_1)}, tr("One image pixel per screen pixel"));
    connect(m_actualSizeAction, &QAction::triggered, m_canvas, &CanvasView::zoomToActualSize);
    m_compareAction = makeAction(this, QStringLiteral("actionCompare"), tr("Compare &Before / After"),
                                 {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B)},
                                 tr("Split the canvas: the current image left of the divider, the result "
                                    "right (hold \\ to see the current image whole)"));
    m_compareAction->setCheckable(true);
    connect(m_compareAction, &QAction::toggled, m_canvas, &CanvasView::setCompareEnabled);
    m_resetLayoutAction = makeAction(this, QStringLiteral("actionResetLayout"), tr("&Reset Layout"), {},
                                     tr("Put the panels back where they started"));
    connect(m_resetLayoutAction, &QAction::triggered, this, &MainWindow::resetLayout);

    m_modelManagerAction = makeAction(this, QStringLiteral("actionModelManager"), tr("&Model Manager…"),
                                      {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M)},
                                      tr("Inspect a checkpoint folder and plan its memory"));
    m_modelManagerAction->setIcon(glyph(ToolIcons::Glyph::Model));
    connect(m_modelManagerAction, &QAction::triggered, this, &MainWindow::openModelManager);

    m_aboutAction = makeAction(this, QStringLiteral("actionAbout"), tr("&About HyperBagel Studio"), {}, {});
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = makeAction(this, QStringLiteral("actionAboutQt"), tr("About &Qt"), {}, {});
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
    m_shortcutsAction = makeAction(this, QStringLiteral("actionShortcuts"), tr("&Keyboard Shortcuts…"),
                                   {QKeySequence::HelpContents}, tr("List the keyboard shortcuts"));
    connect(m_shortcutsAction, &QAction::triggered, this, &MainWindow::showShortcuts);
    createPromptActions();
    createMaskActions();
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    file->addAction(m_openAction);
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("menuEdit"));
    edit->addAction(m_undoAction);
    edit->addAction(m_redoAction);
    edit->addSeparator();
    edit->addAction(m_copyAction);
    edit->addAction(m_pasteAction);

    QMenu* image = menuBar()->addMenu(tr("&Image"));
    image->setObjectName(QStringLiteral("menuImage"));
    image->addActions({m_generateAction, m_editAction, m_applyAction});
    image->addSeparator();
    image->addActions({m_liveAction, m_newSeedAction, m_stopAction});

    QMenu* mask = menuBar()->addMenu(tr("Mas&k"));
    mask->setObjectName(QStringLiteral("menuMask"));
    mask->addActions({m_brushAction, m_eraseAction, m_brushSmallerAction, m_brushLargerAction});
    mask->addSeparator();
    mask->addActions({m_showMaskAction, m_clearMaskAction});

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menuView"));
    view->addAction(m_zoomInAction);
    view->addAction(m_zoomOutAction);
    view->addAction(m_fitAction);
    view->addAction(m_actualSizeAction);
    view->addAction(m_compareAction);
    view->addSeparator();
    QAction* chatToggle = m_chatDock->toggleViewAction();
    chatToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    view->addAction(chatToggle);
    QAction* historyToggle = m_historyDock->toggleViewAction();
    historyToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    view->addAction(historyToggle);
    view->addAction(m_toolBar->toggleViewAction());
    view->addAction(m_maskToolBar->toggleViewAction());
    view->addSeparator();
    view->addAction(m_resetLayoutAction);

    QMenu* model = menuBar()->addMenu(tr("&Model"));
    model->setObjectName(QStringLiteral("menuModel"));
    model->addAction(m_modelManagerAction);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menuHelp"));
    help->addAction(m_shortcutsAction);
    help->addSeparator();
    help->addAction(m_aboutAction);
    help->addAction(m_aboutQtAction);
}

void MainWindow::createToolBar() {
    m_toolBar = addToolBar(tr("Main Toolbar"));
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->addAction(m_openAction);
    m_toolBar->addAction(m_pasteAction);
    m_toolBar->addAction(m_exportAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_zoomOutAction);
    m_toolBar->addAction(m_fitAction);
    m_toolBar->addAction(m_zoomInAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_modelManagerAction);
    createMaskToolBar();
}

void MainWindow::chooseAndOpenImage() {
    QStringList patterns;
    for (const QByteArray& format : QImageReader::supportedImageFormats()) {
        patterns << QStringLiteral("*.") + QString::fromLatin1(format);
    }
    const QString filter =
        tr("Images (%1)").arg(patterns.join(QLatin1Char(' '))) + QStringLiteral(";;") + tr("All files (*)");
    const QString start = m_lastDirectory.isEmpty()
                              ? QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)
                              : m_lastDirectory;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Image"), start, filter);
    if (!path.isEmpty()) {
        openImageFile(path);
    }
}

void MainWindow::chooseAndExportImage() {
    if (!m_canvas->hasImage()) {
        return;
    }
    // Only the formats this Qt can write are offered (WebP needs the qt6-image-formats plugins).
    const QStringList suffixes = ImageIo::exportSuffixes();
    QStringList filters{tr("PNG image, lossless, with prompt and seed (*.png)")};
    if (suffixes.contains(QStringLiteral("jpg"))) {
        filters << tr("JPEG image (*.jpg *.jpeg)");
    }
    if (suffixes.contains(QStringLiteral("webp"))) {
        filters << tr("WebP image (*.webp)");
    }
    const QString start =
        QDir(m_lastDirectory.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)
                                       : m_lastDirectory)
            .filePath(QStringLiteral("image.png"));
    QString selected;
    QString path = QFileDialog::getSaveFileName(this, tr("Export Image"), start,
                                                filters.join(QStringLiteral(";;")), &selected);
    if (path.isEmpty()) {
        return;
    }
    if (QFileInfo(path).suffix().isEmpty()) {
        path += selected.contains(QStringLiteral("*.jpg"))    ? QStringLiteral(".jpg")
                : selected.contains(QStringLiteral("*.webp")) ? QStringLiteral(".webp")
                                                              : QStringLiteral(".png");
    }
    m_lastDirectory = QFileInfo(path).absolutePath();
    exportImage(path);
}

void MainWindow::exportImage(const QString& path) {
    if (m_canvas->hasImage()) {
        m_imageIo->save(m_canvas->image(), path, exportMetadata());
    }
}

QList<QPair<QString, QString>> MainWindow::exportMetadata() const {
    QString prompt;
    QString tier;
    QString model;
    quint64 seed = 0;
    int steps = 0;
    if (hasResult()) {
        prompt = m_result.prompt;
        tier = m_result.tier;
        model = m_result.model;
        seed = m_result.seed;
        steps = m_result.steps;
    } else if (const HistoryNode* node = m_history->node(m_history->currentId()); node != nullptr) {
        prompt = node->prompt;
        tier = node->tier;
        model = node->model;
        seed = node->seed;
        steps = node->steps;
    }
    QList<QPair<QString, QString>> text;
    if (!prompt.isEmpty()) { // an opened image has no generation parameters
        text << qMakePair(QStringLiteral("prompt"), prompt)
             << qMakePair(QStringLiteral("seed"), QString::number(seed))
             << qMakePair(QStringLiteral("tier"), tier)
             << qMakePair(QStringLiteral("steps"), QString::number(steps));
        if (!model.isEmpty()) {
            text << qMakePair(QStringLiteral("model"), model);
        }
    }
    text << qMakePair(
        QStringLiteral("Software"),
        QStringLiteral("HyperBagel Studio %1").arg(QApplication::applicationVersion()).trimmed());
    return text;
}

void MainWindow::copyImage() {
    if (m_canvas->hasImage()) {
        QApplication::clipboard()->setImage(m_canvas->image());
        statusBar()->showMessage(tr("Image copied to the clipboard."), 3000);
    }
}

void MainWindow::pasteFromClipboard() {
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    if (mime != nullptr && mime->hasImage()) {
        openImage(qvariant_cast<QImage>(mime->imageData()), tr("Pasted image"));
        return;
    }
    if (mime != nullptr && mime->hasUrls()) {
        for (const QUrl& url : mime->urls()) {
            if (url.isLocalFile()) {
                openImageFile(url.toLocalFile());
                return;
            }
        }
    }
    if (mime != nullptr && mime->hasText()) {
        const QFileInfo file(mime->text().trimmed());
        if (file.isFile()) {
            openImageFile(file.absoluteFilePath());
            return;
        }
    }
    statusBar()->showMessage(tr("The clipboard holds no image."), 5000);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About HyperBagel Studio"),
        tr("<h3>HyperBagel Studio %1</h3>"
           "<p>Live, prompt-driven image editing and chat about images with the BAGEL model, "
           "accelerated by Hyper-Bagel.</p>"
           "<p>Runs on NVIDIA GPUs with the BAGEL-7B-MoT weights, or on any CPU with the bundled "
           "ShapeWorld model.</p>")
            .arg(QApplication::applicationVersion()));
}

} // namespace hb::ui
