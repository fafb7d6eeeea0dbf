<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ErrorText</name>
    <message>
        <source>The file or folder does not exist.</source>
        <translation>文件或文件夹不存在。</translation>
    </message>
    <message>
        <source>The file could not be read or written.</source>
        <translation>无法读取或写入该文件。</translation>
    </message>
    <message>
        <source>The file is damaged or not in the expected format.</source>
        <translation>文件已损坏或格式不符合要求。</translation>
    </message>
    <message>
        <source>A configuration file is malformed or inconsistent.</source>
        <translation>配置文件格式错误或内容不一致。</translation>
    </message>
    <message>
        <source>The model folder is incomplete or does not match its configuration.</source>
        <translation>模型文件夹不完整或与其配置不符。</translation>
    </message>
    <message>
        <source>This build of HyperBagel Studio does not support this input.</source>
        <translation>此版本的 HyperBagel Studio 不支持该输入。</translation>
    </message>
    <message>
        <source>The request is not possible with these settings.</source>
        <translation>使用这些设置无法执行该请求。</translation>
    </message>
    <message>
        <source>There is not enough memory.</source>
        <translation>内存不足。</translation>
    </message>
    <message>
        <source>There is not enough GPU memory. Try a smaller image, a lower precision or the CPU.</source>
        <translation>GPU 显存不足。请尝试更小的图像、更低的精度或改用 CPU。</translation>
    </message>
    <message>
        <source>The operation was cancelled.</source>
        <translation>操作已取消。</translation>
    </message>
    <message>
        <source>An internal error occurred. Please report it together with the log file.</source>
        <translation>发生内部错误。请连同日志文件一起报告。</translation>
    </message>
</context>
<context>
    <name>hb::ui::CanvasView</name>
    <message>
        <source>Canvas</source>
        <translation>画布</translation>
    </message>
    <message>
        <source>No image yet</source>
        <translation>尚无图像</translation>
    </message>
    <message>
        <source>Open an image (%1), drop one here or paste one (%2).
Once a model is loaded, type an instruction below to edit it live, or press Generate.</source>
        <translation>打开图像 (%1)、拖放到此处或粘贴图像 (%2)。
加载模型后，在下方输入指令即可实时编辑，或点击“生成”。</translation>
    </message>
    <message>
        <source>Before (release \ to see the result)</source>
        <translation>修改前（松开 \ 查看结果）</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
</context>
<context>
    <name>hb::ui::ChatPane</name>
    <message>
        <source>Ask questions about the image on the canvas, e.g. “What colour is the car?”. Answers appear here, token by token, with their speed.</source>
        <translation>可以就画布上的图像提问，例如“这辆车是什么颜色？”。回答会逐个词元显示在这里，并附带速度。</translation>
    </message>
    <message>
        <source>Ask about the image… (Ctrl+Enter sends)</source>
        <translation>就图像提问…（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>&amp;Think first</source>
        <translation>先思考(&amp;T)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>BAGEL</source>
        <translation>BAGEL</translation>
    </message>
    <message>
        <source>A model must be loaded first (Model ▸ Model Manager…).</source>
        <translation>必须先加载模型（模型 ▸ 模型管理器…）。</translation>
    </message>
    <message>
        <source>Send the question (Ctrl+Enter).</source>
        <translation>发送问题（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>Type a question first.</source>
        <translation>请先输入问题。</translation>
    </message>
    <message>
        <source>Stop the answer that is being written.</source>
        <translation>停止正在生成的回答。</translation>
    </message>
    <message>
        <source>Chat needs a loaded model.</source>
        <translation>聊天需要先加载模型。</translation>
    </message>
    <message>
        <source>Use as instruction</source>
        <translation>用作指令</translation>
    </message>
    <message>
        <source>Stopped after %1 tokens.</source>
        <translation>已在 %1 个词元后停止。</translation>
    </message>
    <message>
        <source>%1 tokens · %2 tokens/s</source>
        <translation>%1 个词元 · %2 词元/秒</translation>
    </message>
    <message>
        <source>%1 · draft %2: τ %3, α %4, %5× fewer model forwards</source>
        <translation>%1 · 草稿 %2：τ %3，α %4，模型前向计算减少为 1/%5</translation>
    </message>
    <message>
        <source>Let the model reason first, in think tags, before it answers (slower). Changing it starts a new conversation about the image.</source>
        <translation>让模型先在 think 标签中推理，然后再回答（较慢）。更改此项会开始关于该图像的新对话。</translation>
    </message>
    <message>
        <source>Speculative &amp;decoding</source>
        <translation>推测解码(&amp;D)</translation>
    </message>
    <message>
        <source>The model&apos;s small draft proposes several tokens and the model checks them in one step: the same answer, sooner on hardware that suits it. Changing it starts a new conversation about the image.</source>
        <translation>模型的小型草稿一次提出多个词元，由模型在一步中验证：答案相同，在合适的硬件上更快。更改此项会开始一段关于该图像的新对话。</translation>
    </message>
    <message>
        <source>Measured on this device: %1</source>
        <translation>在此设备上的测量结果：%1</translation>
    </message>
    <message>
        <source>This model has no draft (hyperbagel-cli draft train makes one).</source>
        <translation>此模型没有草稿（可用 hyperbagel-cli draft train 生成）。</translation>
    </message>
</context>
<context>
    <name>hb::ui::HistoryModel</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>完整</translation>
    </message>
    <message>
        <source>%1 · %2 steps · seed %3 · %4 s</source>
        <translation>%1 · %2 步 · 种子 %3 · %4 秒</translation>
    </message>
</context>
<context>
    <name>hb::ui::HistoryPanel</name>
    <message>
        <source>Search prompts</source>
        <translation>搜索提示词</translation>
    </message>
    <message>
        <source>Images you open and results you apply appear here. Click one to return to it.</source>
        <translation>打开的图像和已应用的结果会显示在这里。点击即可返回到该状态。</translation>
    </message>
    <message>
        <source>Items: %1</source>
        <translation>条目：%1</translation>
    </message>
    <message>
        <source>Showing %1 of %2</source>
        <translation>显示 %1 / %2</translation>
    </message>
    <message>
        <source>Edited from “%1”</source>
        <translation>由“%1”编辑而来</translation>
    </message>
</context>
<context>
    <name>hb::ui::ImageIo</name>
    <message>
        <source>Could not open “%1”: %2</source>
        <translation>无法打开“%1”：%2</translation>
    </message>
    <message>
        <source>Could not save “%1”: %2</source>
        <translation>无法保存“%1”：%2</translation>
    </message>
</context>
<context>
    <name>hb::ui::MainWindow</name>
    <message>
        <source>HyperBagel Studio</source>
        <translation>HyperBagel Studio</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Dropped image</source>
        <translation>拖入的图像</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Export Image</source>
        <translation>导出图像</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 像素</translation>
    </message>
    <message>
        <source>%1 — HyperBagel Studio</source>
        <translation>%1 — HyperBagel Studio</translation>
    </message>
    <message>
        <source>%1 %</source>
        <comment>zoom percentage</comment>
        <translation>%1%</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Open Model ▸ Model Manager… to inspect a checkpoint.</source>
        <translation>打开“模型 ▸ 模型管理器…”以检查检查点。</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>打开图像(&amp;O)…</translation>
    </message>
    <message>
        <source>Open an image file on the canvas</source>
        <translation>在画布上打开图像文件</translation>
    </message>
    <message>
        <source>&amp;Export Image…</source>
        <translation>导出图像(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the canvas image as PNG, JPEG or WebP</source>
        <translation>将画布图像保存为 PNG、JPEG 或 WebP</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit HyperBagel Studio</source>
        <translation>退出 HyperBagel Studio</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>粘贴图像(&amp;P)</translation>
    </message>
    <message>
        <source>Open the image on the clipboard</source>
        <translation>打开剪贴板中的图像</translation>
    </message>
    <message>
        <source>&amp;Copy Image</source>
        <translation>复制图像(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the canvas image to the clipboard</source>
        <translation>将画布图像复制到剪贴板</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Enlarge the view</source>
        <translation>放大视图</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Shrink the view</source>
        <translation>缩小视图</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole image</source>
        <translation>显示整幅图像</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>One image pixel per screen pixel</source>
        <translation>每个图像像素对应一个屏幕像素</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put the panels back where they started</source>
        <translation>将面板恢复到初始位置</translation>
    </message>
    <message>
        <source>&amp;Model Manager…</source>
        <translation>模型管理器(&amp;M)…</translation>
    </message>
    <message>
        <source>Inspect a checkpoint folder and plan its memory</source>
        <translation>检查检查点文件夹并规划其内存</translation>
    </message>
    <message>
        <source>&amp;About HyperBagel Studio</source>
        <translation>关于 HyperBagel Studio(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>图像 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>JPEG 图像 (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>WebP image (*.webp)</source>
        <translation>WebP 图像 (*.webp)</translation>
    </message>
    <message>
        <source>Image copied to the clipboard.</source>
        <translation>图像已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>粘贴的图像</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图像。</translation>
    </message>
    <message>
        <source>About HyperBagel Studio</source>
        <translation>关于 HyperBagel Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;HyperBagel Studio %1&lt;/h3&gt;&lt;p&gt;Live, prompt-driven image editing and chat about images with the BAGEL model, accelerated by Hyper-Bagel.&lt;/p&gt;&lt;p&gt;Runs on NVIDIA GPUs with the BAGEL-7B-MoT weights, or on any CPU with the bundled ShapeWorld model.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;HyperBagel Studio %1&lt;/h3&gt;&lt;p&gt;基于 BAGEL 模型的提示词驱动实时图像编辑与图像对话，由 Hyper-Bagel 加速。&lt;/p&gt;&lt;p&gt;可在 NVIDIA GPU 上使用 BAGEL-7B-MoT 权重运行，也可在任意 CPU 上使用内置的 ShapeWorld 模型运行。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>⚠ Start-up warnings: %1</source>
        <translation>⚠ 启动警告：%1</translation>
    </message>
    <message>
        <source>Model loaded: %1</source>
        <translation>已加载模型：%1</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Generating: step %1 of %2</source>
        <translation>正在生成：第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>Generated %1 × %2 px (seed %3).</source>
        <translation>已生成 %1 × %2 像素（种子 %3）。</translation>
    </message>
    <message>
        <source>Editing…</source>
        <translation>正在编辑…</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Live: %1…</source>
        <translation>实时：%1…</translation>
    </message>
    <message>
        <source>Live: refining with %1…</source>
        <translation>实时：正在用%1细化…</translation>
    </message>
    <message>
        <source>%1 · %2 steps · %3 s · seed %4</source>
        <translation>%1 · %2 步 · %3 秒 · 种子 %4</translation>
    </message>
    <message>
        <source>Apply “%1”</source>
        <translation>应用“%1”</translation>
    </message>
    <message>
        <source>Applied: %1</source>
        <translation>已应用：%1</translation>
    </message>
    <message>
        <source>Go to “%1”</source>
        <translation>转到“%1”</translation>
    </message>
    <message>
        <source>Restored the previous session after an unexpected exit (%1 images).</source>
        <translation>意外退出后已恢复上一个会话（%1 张图像）。</translation>
    </message>
    <message>
        <source>Compare &amp;Before / After</source>
        <translation>对比修改前/后(&amp;B)</translation>
    </message>
    <message>
        <source>Split the canvas: the current image left of the divider, the result right (hold \ to see the current image whole)</source>
        <translation>分割画布：分隔线左侧为当前图像，右侧为结果（按住 \ 可查看完整的当前图像）</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts…</source>
        <translation>键盘快捷键(&amp;K)…</translation>
    </message>
    <message>
        <source>List the keyboard shortcuts</source>
        <translation>列出键盘快捷键</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>图像(&amp;I)</translation>
    </message>
    <message>
        <source>PNG image, lossless, with prompt and seed (*.png)</source>
        <translation>PNG 图像，无损，含提示词和种子 (*.png)</translation>
    </message>
    <message>
        <source>Mask &amp;Brush</source>
        <translation>蒙版画笔(&amp;B)</translation>
    </message>
    <message>
        <source>Paint a mask: edits then change only the masked region</source>
        <translation>绘制蒙版：编辑将只改变蒙版区域</translation>
    </message>
    <message>
        <source>&amp;Erase Mask</source>
        <translation>擦除蒙版(&amp;E)</translation>
    </message>
    <message>
        <source>The brush removes the mask instead of painting it</source>
        <translation>画笔擦除蒙版而不是绘制</translation>
    </message>
    <message>
        <source>S&amp;maller Brush</source>
        <translation>缩小画笔(&amp;M)</translation>
    </message>
    <message>
        <source>Make the brush smaller</source>
        <translation>把画笔变小</translation>
    </message>
    <message>
        <source>&amp;Larger Brush</source>
        <translation>放大画笔(&amp;L)</translation>
    </message>
    <message>
        <source>Make the brush larger</source>
        <translation>把画笔变大</translation>
    </message>
    <message>
        <source>&amp;Show Mask</source>
        <translation>显示蒙版(&amp;S)</translation>
    </message>
    <message>
        <source>Show the mask as a translucent overlay</source>
        <translation>以半透明叠加层显示蒙版</translation>
    </message>
    <message>
        <source>&amp;Clear Mask</source>
        <translation>清除蒙版(&amp;C)</translation>
    </message>
    <message>
        <source>Remove the mask: edits change the whole image</source>
        <translation>移除蒙版：编辑将改变整张图像</translation>
    </message>
    <message>
        <source>Mask Toolbar</source>
        <translation>蒙版工具栏</translation>
    </message>
    <message>
        <source> px</source>
        <comment>brush size unit</comment>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Brush size in image pixels (%1 / %2)</source>
        <translation>画笔大小，以图像像素计（%1 / %2）</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Create a new image from the instruction</source>
        <translation>根据指令创建新图像</translation>
    </message>
    <message>
        <source>&amp;Edit Image</source>
        <translation>编辑图像(&amp;E)</translation>
    </message>
    <message>
        <source>Apply the instruction to the current image (inside the mask, if any)</source>
        <translation>将指令应用于当前图像（如有蒙版，仅限蒙版内）</translation>
    </message>
    <message>
        <source>&amp;Apply Result</source>
        <translation>应用结果(&amp;A)</translation>
    </message>
    <message>
        <source>Keep the shown result in the history (Enter in the instruction field)</source>
        <translation>将显示的结果保存到历史记录（在指令框中按 Enter）</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>实时(&amp;L)</translation>
    </message>
    <message>
        <source>Show a preview while you type, then refine it when you pause</source>
        <translation>输入时显示预览，停顿时再细化</translation>
    </message>
    <message>
        <source>New &amp;Seed</source>
        <translation>新种子(&amp;S)</translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation>随机抽取新种子</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the running generation, live job and chat answer</source>
        <translation>停止正在进行的生成、实时任务和聊天回答</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Peek at the image under the result</source>
        <translation>查看结果下方的原图</translation>
    </message>
    <message>
        <source>Hold %1</source>
        <translation>按住 %1</translation>
    </message>
    <message>
        <source>Pan the canvas</source>
        <translation>平移画布</translation>
    </message>
    <message>
        <source>Space + drag, or the middle button</source>
        <translation>空格 + 拖动，或鼠标中键</translation>
    </message>
    <message>
        <source>Apply the shown result</source>
        <translation>应用显示的结果</translation>
    </message>
    <message>
        <source>%1 in the instruction field</source>
        <translation>在指令框中按 %1</translation>
    </message>
    <message>
        <source>Send the question</source>
        <translation>发送问题</translation>
    </message>
    <message>
        <source>%1 in the chat input</source>
        <translation>在聊天输入框中按 %1</translation>
    </message>
    <message>
        <source>Mas&amp;k</source>
        <translation>蒙版(&amp;K)</translation>
    </message>
    <message>
        <source>Paint Mask</source>
        <translation>绘制蒙版</translation>
    </message>
    <message>
        <source>Erase Mask</source>
        <translation>擦除蒙版</translation>
    </message>
    <message>
        <source>Clear Mask</source>
        <translation>清除蒙版</translation>
    </message>
</context>
<context>
    <name>hb::ui::ModelManagerDialog</name>
    <message>
        <source>Model Manager</source>
        <translation>模型管理器</translation>
    </message>
    <message>
        <source>Checkpoint &amp;folder:</source>
        <translation>检查点文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>A BAGEL folder with llm_config.json, ema.safetensors, ae.safetensors…</source>
        <translation>包含 llm_config.json、ema.safetensors、ae.safetensors 等文件的 BAGEL 文件夹</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>检查(&amp;I)</translation>
    </message>
    <message>
        <source>Check the folder without loading the model</source>
        <translation>在不加载模型的情况下检查文件夹</translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation>复制报告(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the report as text, e.g. for a bug report</source>
        <translation>将报告复制为文本，例如用于错误报告</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>加载(&amp;L)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder</source>
        <translation>选择检查点文件夹</translation>
    </message>
    <message>
        <source>Inspecting %1…</source>
        <translation>正在检查 %1…</translation>
    </message>
    <message>
        <source>Inspected %1.</source>
        <translation>已检查 %1。</translation>
    </message>
    <message>
        <source>Inspected %1: the folder has problems (see Findings).</source>
        <translation>已检查 %1：该文件夹存在问题（参见“检查结果”）。</translation>
    </message>
    <message>
        <source>Could not inspect %1.</source>
        <translation>无法检查 %1。</translation>
    </message>
    <message>
        <source>Report copied to the clipboard.</source>
        <translation>报告已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Load the inspected model with the chosen device and precision</source>
        <translation>使用所选设备和精度加载已检查的模型</translation>
    </message>
    <message>
        <source>&amp;Unload</source>
        <translation>卸载(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU %1</source>
        <translation>CUDA GPU %1</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>精度(&amp;P)：</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Model unloaded.</source>
        <translation>已卸载模型。</translation>
    </message>
    <message>
        <source>Loaded %1.</source>
        <translation>已加载 %1。</translation>
    </message>
    <message>
        <source>Could not load the model.</source>
        <translation>无法加载模型。</translation>
    </message>
</context>
<context>
    <name>hb::ui::PromptBar</name>
    <message>
        <source>Describe an edit or a new image, e.g. “make the sky stormy”</source>
        <translation>描述要进行的编辑或新图像，例如“让天空变得风雨交加”</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>实时(&amp;L)</translation>
    </message>
    <message>
        <source>Preview · 1 step</source>
        <translation>预览 · 1 步</translation>
    </message>
    <message>
        <source>Fast · 6 steps</source>
        <translation>快速 · 6 步</translation>
    </message>
    <message>
        <source>Full · 50 steps</source>
        <translation>完整 · 50 步</translation>
    </message>
    <message>
        <source>Quality tier: Preview is instant, Fast refines the same seed, Full is the original 50-step sampler with guidance.</source>
        <translation>质量档位：预览即时生成，快速以相同种子进一步细化，完整为带引导的原始 50 步采样器。</translation>
    </message>
    <message>
        <source>Random seed of the next result</source>
        <translation>下一个结果的随机种子</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Locked: every job uses this seed. Unlocked: a new seed is drawn after each Apply (live typing keeps one seed).</source>
        <translation>锁定：每个任务都使用此种子。未锁定：每次应用后抽取新的种子（实时输入时保持同一种子）。</translation>
    </message>
    <message>
        <source>New</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation>抽取新的随机种子</translation>
    </message>
    <message>
        <source>Aspect ratio of new images (used by Generate only; Edit keeps the image&apos;s own shape)</source>
        <translation>新图像的宽高比（仅用于“生成”；“编辑”保持图像原有形状）</translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation>档位(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>种子(&amp;S)：</translation>
    </message>
    <message>
        <source>As&amp;pect:</source>
        <translation>宽高比(&amp;P)：</translation>
    </message>
    <message>
        <source>A model must be loaded first (Model ▸ Model Manager…).</source>
        <translation>必须先加载模型（模型 ▸ 模型管理器…）。</translation>
    </message>
    <message>
        <source>Create a new image from the instruction.</source>
        <translation>根据指令生成新图像。</translation>
    </message>
    <message>
        <source>Apply the instruction to the current image.</source>
        <translation>将指令应用于当前图像。</translation>
    </message>
    <message>
        <source>Open or generate an image first.</source>
        <translation>请先打开或生成图像。</translation>
    </message>
    <message>
        <source>Keep the shown result in the history (Enter).</source>
        <translation>将显示的结果保存到历史记录（Enter）。</translation>
    </message>
    <message>
        <source>There is no new result to apply yet.</source>
        <translation>尚无可应用的新结果。</translation>
    </message>
    <message>
        <source>Live: show a preview while you type, then refine it when you pause.</source>
        <translation>实时：输入时显示预览，停顿时进一步细化。</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>E&amp;dit</source>
        <translation>编辑(&amp;D)</translation>
    </message>
</context>
<context>
    <name>hb::ui::ReportView</name>
    <message>
        <source>%1 B</source>
        <comment>billions of parameters</comment>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 M</source>
        <comment>millions of parameters</comment>
        <translation>%1 M</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>VAE</source>
        <translation>VAE</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>运行时</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Memory plan</source>
        <translation>内存规划</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Missing file</source>
        <translation>缺少文件</translation>
    </message>
    <message>
        <source>Bad file</source>
        <translation>文件损坏</translation>
    </message>
    <message>
        <source>Bad configuration</source>
        <translation>配置错误</translation>
    </message>
    <message>
        <source>Configuration override</source>
        <translation>配置覆盖</translation>
    </message>
    <message>
        <source>Missing tensor</source>
        <translation>缺少张量</translation>
    </message>
    <message>
        <source>Unexpected tensor</source>
        <translation>意外的张量</translation>
    </message>
    <message>
        <source>Wrong shape</source>
        <translation>形状错误</translation>
    </message>
    <message>
        <source>Wrong data type</source>
        <translation>数据类型错误</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Language model (understanding)</source>
        <translation>语言模型（理解）</translation>
    </message>
    <message>
        <source>Language model (generation)</source>
        <translation>语言模型（生成）</translation>
    </message>
    <message>
        <source>Embeddings and output head</source>
        <translation>嵌入层与输出头</translation>
    </message>
    <message>
        <source>Vision encoder (ViT)</source>
        <translation>视觉编码器（ViT）</translation>
    </message>
    <message>
        <source>Connector</source>
        <translation>连接器</translation>
    </message>
    <message>
        <source>Autoencoder (VAE)</source>
        <translation>自编码器（VAE）</translation>
    </message>
    <message>
        <source>Adapters</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>Hyper-Bagel extension</source>
        <translation>Hyper-Bagel 扩展</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>No report yet</source>
        <translation>尚无报告</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder and press Inspect. The folder is checked without loading the model: files, configs, tensor names, shapes and data types, and the memory it will need.</source>
        <translation>选择一个检查点文件夹并点击“检查”。将在不加载模型的情况下检查文件、配置、张量名称、形状和数据类型，以及所需内存。</translation>
    </message>
    <message>
        <source>Inspection failed</source>
        <translation>检查失败</translation>
    </message>
    <message>
        <source>Valid: this checkpoint can be loaded</source>
        <translation>有效：此检查点可以加载</translation>
    </message>
    <message>
        <source>Kind: %1</source>
        <translation>类型：%1</translation>
    </message>
    <message>
        <source>%1 tensors</source>
        <translation>%1 个张量</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 个参数</translation>
    </message>
    <message>
        <source>%1 of tensor data</source>
        <translation>张量数据 %1</translation>
    </message>
    <message>
        <source>Findings (%1)</source>
        <translation>检查结果 (%1)</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>%1 tensors, %2</source>
        <translation>%1 个张量，%2</translation>
    </message>
    <message>
        <source>Data types</source>
        <translation>数据类型</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Runtime memory assumes: %1</source>
        <translation>运行时内存假设：%1</translation>
    </message>
    <message>
        <source>Cannot be loaded (errors: %1)</source>
        <translation>无法加载（错误：%1 个）</translation>
    </message>
    <message>
        <source>Warnings: %1</source>
        <translation>警告：%1</translation>
    </message>
</context>
<context>
    <name>hb::ui::SessionStore</name>
    <message>
        <source>Could not create the session folder “%1”.</source>
        <translation>无法创建会话文件夹“%1”。</translation>
    </message>
    <message>
        <source>Could not autosave the session in “%1”: %2</source>
        <translation>无法将会话自动保存到“%1”：%2</translation>
    </message>
    <message>
        <source>The mask file “%1” of the previous session could not be read (%2); it was ignored.</source>
        <translation>无法读取上一会话的蒙版文件“%1”（%2），已忽略。</translation>
    </message>
    <message>
        <source>The mask file “%1” of the previous session is %2 × %3 pixels, not the %4 × %5 of its image; it was ignored.</source>
        <translation>上一会话的蒙版文件“%1”为 %2 × %3 像素，与其图像的 %4 × %5 不符，已忽略。</translation>
    </message>
</context>
<context>
    <name>hb::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between two shortcuts of one action</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
</TS>
