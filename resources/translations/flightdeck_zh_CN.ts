<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertBanner</name>
    <message>
        <source>Firing alerts</source>
        <translation>触发中的告警</translation>
    </message>
    <message>
        <source>Show alert</source>
        <translation>查看告警</translation>
    </message>
    <message>
        <source>Go to the firing alert in the Alerts dock</source>
        <translation>在告警面板中转到该触发中的告警</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing</source>
        <translation>
            <numerusform>%n 条告警触发中</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1（位于 %2）</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>另有 %1 条</translation>
    </message>
    <message>
        <source>%1 silenced</source>
        <translation>%1 条已静默</translation>
    </message>
</context>
<context>
    <name>AlertHistoryModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Transition</source>
        <translation>状态变更</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>AlertRuleDialog</name>
    <message>
        <source>Alert Rule</source>
        <translation>告警规则</translation>
    </message>
    <message>
        <source>optional, e.g. 0.03</source>
        <translation>可选，例如 0.03</translation>
    </message>
    <message>
        <source>{{service}} error ratio is {{value}}</source>
        <translation>{{service}} 的错误率为 {{value}}</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>For</source>
        <translation>持续时间</translation>
    </message>
    <message>
        <source>Clear below/above</source>
        <translation>恢复阈值</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重级别</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Backtest Last Hour</source>
        <translation>回测最近一小时</translation>
    </message>
    <message>
        <source>Would not have fired in the last hour.</source>
        <translation>过去一小时内不会触发。</translation>
    </message>
    <message numerus="yes">
        <source>Would have fired %n time(s) in the last hour.</source>
        <translation>
            <numerusform>过去一小时内会触发 %n 次。</numerusform>
        </translation>
    </message>
    <message>
        <source>condition: %1</source>
        <translation>条件：%1</translation>
    </message>
    <message>
        <source>for: &apos;%1&apos; is not a duration such as 30s, 1m or 1m30s</source>
        <translation>持续时间：&apos;%1&apos; 不是有效的时长（例如 30s、1m 或 1m30s）</translation>
    </message>
    <message>
        <source>clear threshold: not a number</source>
        <translation>恢复阈值：不是数字</translation>
    </message>
    <message>
        <source>No recorded metrics to test against.</source>
        <translation>没有可供回测的已记录指标。</translation>
    </message>
    <message>
        <source>Backtesting…</source>
        <translation>正在回测…</translation>
    </message>
    <message>
        <source>show &quot;no data&quot; (or &quot;error&quot; when scrapes fail)</source>
        <translation>显示“无数据”（抓取失败时显示“错误”）</translation>
    </message>
    <message>
        <source>treat as firing</source>
        <translation>视为触发</translation>
    </message>
    <message>
        <source>treat as OK</source>
        <translation>视为正常</translation>
    </message>
    <message>
        <source>keep the last state</source>
        <translation>保持上一状态</translation>
    </message>
    <message>
        <source>What the rule does when its series vanish. instances_up rules count missing instances as down and ignore this.</source>
        <translation>规则的序列消失时如何处理。instances_up 规则把缺失的实例计为宕机，不受此项影响。</translation>
    </message>
    <message>
        <source>Press Backtest Last Hour to see when this rule would have fired.</source>
        <translation>点击“回测最近一小时”，查看此规则本会在何时触发。</translation>
    </message>
    <message>
        <source>When data is missing</source>
        <translation>数据缺失时</translation>
    </message>
    <message>
        <source>No recorded values of this metric in the last hour: nothing to test.</source>
        <translation>最近一小时没有记录此指标的值：无可回测。</translation>
    </message>
    <message>
        <source>No data in this range</source>
        <translation>此范围内没有数据</translation>
    </message>
</context>
<context>
    <name>AlertStateStyle</name>
    <message>
        <source>inactive</source>
        <translation>未激活</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待触发</translation>
    </message>
    <message>
        <source>firing</source>
        <translation>触发中</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>silenced</source>
        <translation>已静默</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>silenced by %1 until %2</source>
        <translation>由 %1 静默至 %2</translation>
    </message>
    <message>
        <source>deregistered</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>scrape failing</source>
        <translation>抓取失败</translation>
    </message>
</context>
<context>
    <name>AlertStatusModel</name>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>最新值</translation>
    </message>
    <message>
        <source>For</source>
        <translation>持续时间</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>静默</translation>
    </message>
</context>
<context>
    <name>AlertsPanel</name>
    <message>
        <source>New Rule…</source>
        <translation>新建规则…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete Rule</source>
        <translation>删除规则</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Silences</source>
        <translation>静默</translation>
    </message>
    <message>
        <source>Alert Rule</source>
        <translation>告警规则</translation>
    </message>
    <message>
        <source>The rule was not saved: %1</source>
        <translation>规则未保存：%1</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>静默</translation>
    </message>
    <message>
        <source>Silence…</source>
        <translation>静默…</translation>
    </message>
    <message>
        <source>Silence the selected alert: no tray message, no webhook, not counted as firing</source>
        <translation>静默所选告警：不发托盘消息、不调用 Webhook，也不计入触发中</translation>
    </message>
    <message>
        <source>Edit Silence…</source>
        <translation>编辑静默…</translation>
    </message>
    <message>
        <source>Expire Silence</source>
        <translation>结束静默</translation>
    </message>
    <message>
        <source>End the selected silence now</source>
        <translation>立即结束所选静默</translation>
    </message>
    <message>
        <source>Delete the alert rule &apos;%1&apos;? Its alerts end now; its history stays.</source>
        <translation>删除告警规则“%1”？其告警立即结束，历史仍保留。</translation>
    </message>
    <message>
        <source>The silence was not saved: %1</source>
        <translation>静默未保存：%1</translation>
    </message>
</context>
<context>
    <name>AppOptions</name>
    <message>
        <source>Flightdeck: monitoring and control console for microservices.
Runs an embedded fleet (registry, cart, catalog, traffic) on loopback and shows it live.</source>
        <translation>Flightdeck：微服务监控与控制台。
在回环地址上运行内置服务集群（注册中心、购物车、商品目录、流量生成器）并实时展示。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>显示版本号。</translation>
    </message>
    <message>
        <source>Run the embedded fleet without a window; logs go to stdout. Stops gracefully on SIGINT/SIGTERM.</source>
        <translation>不打开窗口运行内置服务集群；日志输出到标准输出。收到 SIGINT/SIGTERM 时平稳停止。</translation>
    </message>
    <message>
        <source>Where state, history and logs are kept (default: %1).</source>
        <translation>保存状态、历史和日志的目录（默认：%1）。</translation>
    </message>
    <message>
        <source>the platform&apos;s app data location</source>
        <translation>系统的应用数据目录</translation>
    </message>
    <message>
        <source>trace, debug, info, warn, error or critical (default: info).</source>
        <translation>trace、debug、info、warn、error 或 critical（默认：info）。</translation>
    </message>
    <message>
        <source>Port of the embedded registry (default: 8500).</source>
        <translation>内置注册中心的端口（默认：8500）。</translation>
    </message>
    <message>
        <source>Port of the first cart instance (default: 8080).</source>
        <translation>第一个购物车实例的端口（默认：8080）。</translation>
    </message>
    <message>
        <source>Number of cart instances (default: 3).</source>
        <translation>购物车实例数量（默认：3）。</translation>
    </message>
    <message>
        <source>Render the main window to a PNG file and exit (works without a display).</source>
        <translation>将主窗口渲染为 PNG 文件后退出（无需显示器）。</translation>
    </message>
    <message>
        <source>Seconds of live data before the screenshot (default: 1).</source>
        <translation>截图前采集实时数据的秒数（默认：1）。</translation>
    </message>
    <message>
        <source>Window size as WIDTHxHEIGHT, e.g. 1600x1000.</source>
        <translation>窗口大小，格式为 宽x高，例如 1600x1000。</translation>
    </message>
    <message>
        <source>unexpected argument: %1</source>
        <translation>无法识别的参数：%1</translation>
    </message>
    <message>
        <source>--log-level must be one of %1</source>
        <translation>--log-level 必须是以下之一：%1</translation>
    </message>
    <message>
        <source>--registry-port needs a port number from 1 to 65535</source>
        <translation>--registry-port 需要 1 到 65535 之间的端口号</translation>
    </message>
    <message>
        <source>--cart-port needs a port number from 1 to 65535</source>
        <translation>--cart-port 需要 1 到 65535 之间的端口号</translation>
    </message>
    <message>
        <source>--cart-instances needs a number from 1 to 32</source>
        <translation>--cart-instances 需要 1 到 32 之间的数字</translation>
    </message>
    <message>
        <source>--screenshot-delay needs seconds from 0 to 3600</source>
        <translation>--screenshot-delay 需要 0 到 3600 之间的秒数</translation>
    </message>
    <message>
        <source>--window-size needs WIDTHxHEIGHT, e.g. 1600x1000</source>
        <translation>--window-size 需要 宽x高 格式，例如 1600x1000</translation>
    </message>
    <message>
        <source>--screenshot needs the window; drop --headless</source>
        <translation>--screenshot 需要窗口；请去掉 --headless</translation>
    </message>
    <message>
        <source>--range, --from, --to, --services and --format go with --export-report</source>
        <translation>--range、--from、--to、--services 和 --format 需与 --export-report 一起使用</translation>
    </message>
    <message>
        <source>--export-report needs a file name</source>
        <translation>--export-report 需要一个文件名</translation>
    </message>
    <message>
        <source>--export-report runs on its own; drop --headless, --screenshot and --export-rules</source>
        <translation>--export-report 需单独运行；请去掉 --headless、--screenshot 和 --export-rules</translation>
    </message>
    <message>
        <source>use either --range or --from/--to, not both</source>
        <translation>--range 与 --from/--to 只能二选一，不能同时使用</translation>
    </message>
    <message>
        <source>--range needs a duration such as 15m, 1h, 24h or 7d</source>
        <translation>--range 需要一个时长，例如 15m、1h、24h 或 7d</translation>
    </message>
    <message>
        <source>--from and --to go together</source>
        <translation>--from 和 --to 必须同时指定</translation>
    </message>
    <message>
        <source>--from and --to need ISO 8601 times, e.g. 2026-11-25T17:00:00Z</source>
        <translation>--from 和 --to 需要 ISO 8601 格式的时间，例如 2026-11-25T17:00:00Z</translation>
    </message>
    <message>
        <source>the time range is empty: --from must be before --to</source>
        <translation>时间范围为空：--from 必须早于 --to</translation>
    </message>
    <message>
        <source>--services needs a comma-separated list of service names</source>
        <translation>--services 需要以逗号分隔的服务名称列表</translation>
    </message>
    <message>
        <source>unknown report format &apos;%1&apos;: use --format pdf, html, csv or json</source>
        <translation>未知的报告格式 &apos;%1&apos;：请使用 --format pdf、html、csv 或 json</translation>
    </message>
    <message>
        <source>Registry to use: http://host:port (an external registry; no embedded one) or etcd://host:port (the embedded registry keeps its state in etcd).</source>
        <translation>要使用的注册中心：http://host:port（外部注册中心，不启动内置注册中心）或 etcd://host:port（内置注册中心将状态保存在 etcd 中）。</translation>
    </message>
    <message>
        <source>Write a report of the recorded history of the data dir and exit; needs no display.</source>
        <translation>根据数据目录中记录的历史生成报告后退出（无需显示器）。</translation>
    </message>
    <message>
        <source>Report the last DURATION, e.g. 15m, 1h, 7d (default: 1h).</source>
        <translation>报告最近 DURATION 时长的数据，例如 15m、1h、7d（默认：1h）。</translation>
    </message>
    <message>
        <source>Report start, ISO 8601 (UTC unless given).</source>
        <translation>报告开始时间，ISO 8601 格式（未指定时区时按 UTC）。</translation>
    </message>
    <message>
        <source>Report end, ISO 8601 (UTC unless given).</source>
        <translation>报告结束时间，ISO 8601 格式（未指定时区时按 UTC）。</translation>
    </message>
    <message>
        <source>Services in the report, comma-separated (default: all).</source>
        <translation>报告包含的服务，以逗号分隔（默认：全部）。</translation>
    </message>
    <message>
        <source>Report format: pdf, html, csv or json (default: from the file extension).</source>
        <translation>报告格式：pdf、html、csv 或 json（默认：根据文件扩展名确定）。</translation>
    </message>
    <message>
        <source>--registry needs http://host:port or etcd://host:port</source>
        <translation>--registry 需要 http://host:port 或 etcd://host:port</translation>
    </message>
    <message>
        <source>Open the console on a service: its node selected, its charts and details shown.</source>
        <translation>打开控制台时选中一个服务：选中其节点，显示其图表和详情。</translation>
    </message>
    <message>
        <source>--select needs a service name, e.g. cart</source>
        <translation>--select 需要一个服务名，例如 cart</translation>
    </message>
    <message>
        <source>Series the metric store keeps at most; beyond it new series are refused, and the console and reports say whose figures are incomplete (default: 50000).</source>
        <translation>指标存储最多保存的序列数；超出后新序列被拒绝，控制台和报告会说明哪些实例的数据不完整（默认：50000）。</translation>
    </message>
    <message>
        <source>--max-series needs a number from 100 to 10000000</source>
        <translation>--max-series 需要 100 到 10000000 之间的数字</translation>
    </message>
</context>
<context>
    <name>CartConflictDialog</name>
    <message>
        <source>Cart Changed on the Server</source>
        <translation>购物车已在服务器上被修改</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>您的版本</translation>
    </message>
    <message>
        <source>On the server now</source>
        <translation>服务器上的当前版本</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>The cart is empty.</source>
        <translation>购物车为空。</translation>
    </message>
    <message>
        <source>Total: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>合计：&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Cart &lt;b&gt;%1&lt;/b&gt; was changed by someone else (it is now version %2) while you were editing it. Your change: %3.&lt;br&gt;Reload to drop your change and see the current cart, or overwrite to make the line you changed as shown under Yours; the other lines stay as they are on the server.</source>
        <translation>购物车 &lt;b&gt;%1&lt;/b&gt; 在您编辑时已被他人修改（现在是版本 %2）。您的修改：%3。&lt;br&gt;重新加载会放弃您的修改并显示当前购物车；覆盖则使您修改的那一行与“您的版本”一致，其他行保持服务器上的样子。</translation>
    </message>
</context>
<context>
    <name>CartItemsModel</name>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Double-click to change the quantity</source>
        <translation>双击以修改数量</translation>
    </message>
    <message>
        <source>(not in the catalog)</source>
        <translation>（不在商品目录中）</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Line total</source>
        <translation>小计</translation>
    </message>
</context>
<context>
    <name>CartListModel</name>
    <message>
        <source>Cart</source>
        <translation>购物车</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
</context>
<context>
    <name>CartsPanel</name>
    <message>
        <source>New Cart…</source>
        <translation>新建购物车…</translation>
    </message>
    <message>
        <source>New Cart</source>
        <translation>新建购物车</translation>
    </message>
    <message>
        <source>Cart id (letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;; empty for a generated id):</source>
        <translation>购物车 ID（字母、数字、&apos;-&apos;、&apos;_&apos; 或 &apos;.&apos;；留空则自动生成）：</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Loading the catalog…</source>
        <translation>正在加载商品目录…</translation>
    </message>
    <message>
        <source>Add Item</source>
        <translation>添加商品</translation>
    </message>
    <message>
        <source>Remove Item</source>
        <translation>移除商品</translation>
    </message>
    <message>
        <source>&lt;b&gt;Carts&lt;/b&gt;</source>
        <translation>&lt;b&gt;购物车&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No carts yet.
Create one with New Cart, or wait for shoppers.</source>
        <translation>还没有购物车。
点击“新建购物车”创建，或等待顾客下单。</translation>
    </message>
    <message>
        <source>Connecting to the cart service…</source>
        <translation>正在连接购物车服务…</translation>
    </message>
    <message>
        <source>Cannot list carts: %1</source>
        <translation>无法列出购物车：%1</translation>
    </message>
    <message>
        <source>Catalog unavailable</source>
        <translation>商品目录不可用</translation>
    </message>
    <message>
        <source>Cart %1 no longer exists.</source>
        <translation>购物车 %1 已不存在。</translation>
    </message>
    <message>
        <source>Cannot load cart %1: %2</source>
        <translation>无法加载购物车 %1：%2</translation>
    </message>
    <message>
        <source>Up to date at %1</source>
        <translation>已于 %1 更新</translation>
    </message>
    <message>
        <source>&lt;b&gt;No cart selected&lt;/b&gt;</source>
        <translation>&lt;b&gt;未选择购物车&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Select a cart on the left to see its items.</source>
        <translation>在左侧选择一个购物车以查看其商品。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cart %1&lt;/b&gt; · version %2</source>
        <translation>&lt;b&gt;购物车 %1&lt;/b&gt; · 版本 %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cart %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;购物车 %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>This cart is empty.
Pick an item from the catalog and press Add Item.</source>
        <translation>此购物车为空。
从商品目录中选择商品，然后点击“添加商品”。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) · Total &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>
            <numerusform>%n 件商品 · 合计 &lt;b&gt;%1&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>Creating a cart…</source>
        <translation>正在创建购物车…</translation>
    </message>
    <message>
        <source>The cart was not created: %1</source>
        <translation>购物车未创建：%1</translation>
    </message>
    <message>
        <source>Created cart %1.</source>
        <translation>已创建购物车 %1。</translation>
    </message>
    <message>
        <source>add %1 × %2</source>
        <translation>添加 %1 × %2</translation>
    </message>
    <message>
        <source>set the quantity of %1 to %2</source>
        <translation>将 %1 的数量设为 %2</translation>
    </message>
    <message>
        <source>remove %1</source>
        <translation>移除 %1</translation>
    </message>
    <message>
        <source>Select a cart first.</source>
        <translation>请先选择一个购物车。</translation>
    </message>
    <message>
        <source>Still saving the previous change; try again in a moment.</source>
        <translation>上一个修改仍在保存中，请稍后再试。</translation>
    </message>
    <message>
        <source>Saving: %1…</source>
        <translation>正在保存：%1…</translation>
    </message>
    <message>
        <source>Saved: %1.</source>
        <translation>已保存：%1。</translation>
    </message>
    <message>
        <source>The cart changed on the server; fetching its current version…</source>
        <translation>购物车已在服务器上被修改，正在获取其当前版本…</translation>
    </message>
    <message>
        <source>The cart changed on the server and cannot be read: %1</source>
        <translation>购物车已在服务器上被修改，且无法读取：%1</translation>
    </message>
    <message>
        <source>Not saved (%1): %2</source>
        <translation>未保存（%1）：%2</translation>
    </message>
    <message>
        <source>Conflict: cart %1 changed on the server. Choose Reload or Overwrite.</source>
        <translation>冲突：购物车 %1 已在服务器上被修改。请选择“重新加载”或“覆盖”。</translation>
    </message>
    <message>
        <source>Reloaded cart %1; your change was dropped.</source>
        <translation>已重新加载购物车 %1，您的修改已放弃。</translation>
    </message>
    <message>
        <source>Remove Item…</source>
        <translation>移除商品…</translation>
    </message>
    <message>
        <source>Remove %1 (quantity %2) from cart %3?</source>
        <translation>从购物车 %3 中移除 %1（数量 %2）？</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Flightdeck</source>
        <translation>Flightdeck</translation>
    </message>
    <message>
        <source>Alert firing: %1</source>
        <translation>告警触发：%1</translation>
    </message>
    <message>
        <source>Alert firing: %1 on %2</source>
        <translation>告警触发：%1（%2）</translation>
    </message>
    <message>
        <source>Alert resolved: %1</source>
        <translation>告警已恢复：%1</translation>
    </message>
    <message>
        <source>Operator Actions</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <source>Fleet: %1 · %2 alert(s) firing</source>
        <translation>服务集群：%1 · %2 条告警触发中</translation>
    </message>
    <message>
        <source>Metric store full: %1 series not recorded (cap %2); figures of %3 instance(s) incomplete</source>
        <translation>指标存储已满：%1 个序列未记录（上限 %2）；%3 个实例的数据不完整</translation>
    </message>
</context>
<context>
    <name>EdgeItem</name>
    <message>
        <source>%1 rps</source>
        <translation>%1 请求/秒</translation>
    </message>
    <message>
        <source>%1% · p95 %2 ms</source>
        <translation>%1% · p95 %2 毫秒</translation>
    </message>
    <message>
        <source>%1 rps · %2% · p95 %3 ms</source>
        <translation>%1 请求/秒 · %2% · p95 %3 毫秒</translation>
    </message>
</context>
<context>
    <name>FaultDialog</name>
    <message>
        <source>Stop heartbeats to the registry (its lease expires)</source>
        <translation>停止向注册中心发送心跳（租约将过期）</translation>
    </message>
    <message>
        <source>Inject Fault</source>
        <translation>注入故障</translation>
    </message>
    <message>
        <source>Instance %1 only</source>
        <translation>仅实例 %1</translation>
    </message>
    <message numerus="yes">
        <source>Every instance of %1 (%n instance(s))</source>
        <translation>
            <numerusform>%1 的所有实例（%n 个）</numerusform>
        </translation>
    </message>
    <message>
        <source>Share of requests answered with 503 &quot;injected_fault&quot;</source>
        <translation>以 503 “injected_fault” 应答的请求比例</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Added before every request is handled</source>
        <translation>在处理每个请求之前增加</translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 分钟</translation>
    </message>
    <message>
        <source>5 minutes</source>
        <translation>5 分钟</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>Until cleared</source>
        <translation>直到清除</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>错误率</translation>
    </message>
    <message>
        <source>Added latency</source>
        <translation>增加延迟</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>持续时间</translation>
    </message>
    <message>
        <source>/health and /metrics stay exempt, so the instance stays observable.</source>
        <translation>/health 和 /metrics 不受影响，实例仍可观测。</translation>
    </message>
    <message>
        <source>Inject</source>
        <translation>注入</translation>
    </message>
</context>
<context>
    <name>HealthTimelineView</name>
    <message>
        <source>answering</source>
        <translation>正常应答</translation>
    </message>
    <message>
        <source>scrape failing</source>
        <translation>抓取失败</translation>
    </message>
    <message>
        <source>%1 from %3 to %4: %2</source>
        <translation>%1 从 %3 到 %4：%2</translation>
    </message>
    <message>
        <source>checks failing</source>
        <translation>检查失败</translation>
    </message>
    <message>
        <source>drained</source>
        <translation>已摘除</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>维护中</translation>
    </message>
    <message>
        <source>not registered</source>
        <translation>未注册</translation>
    </message>
    <message>
        <source>Select a service to see its instances&apos; health</source>
        <translation>选择一个服务，查看其各实例的健康状况</translation>
    </message>
    <message>
        <source>No instance recorded in this window</source>
        <translation>此时间窗口内没有记录到任何实例</translation>
    </message>
</context>
<context>
    <name>HtmlReportWriter</name>
    <message>
        <source>Flightdeck metrics report</source>
        <translation>Flightdeck 指标报告</translation>
    </message>
    <message>
        <source>%1 · generated %2 UTC</source>
        <translation>%1 · 生成于 %2 UTC</translation>
    </message>
    <message>
        <source>Fleet summary</source>
        <translation>服务集群概览</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Topology</source>
        <translation>拓扑</translation>
    </message>
    <message>
        <source>Service %1</source>
        <translation>服务 %1</translation>
    </message>
    <message>
        <source>Instances: %1</source>
        <translation>实例：%1</translation>
    </message>
    <message>
        <source>Alert transitions</source>
        <translation>告警状态变更</translation>
    </message>
    <message>
        <source>No alert changed state in this range.</source>
        <translation>此时间范围内没有告警发生状态变更。</translation>
    </message>
    <message>
        <source>Configuration changes</source>
        <translation>配置变更</translation>
    </message>
    <message>
        <source>The data dir holds no registry state, so configuration changes are unknown.</source>
        <translation>数据目录中没有注册中心状态，因此无法得知配置变更。</translation>
    </message>
    <message>
        <source>No configuration key changed in this range.</source>
        <translation>此时间范围内没有配置键发生变更。</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Services without traffic</source>
        <translation>无流量的服务</translation>
    </message>
    <message>
        <source>Operator actions</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <source>No operator action in this range.</source>
        <translation>此范围内没有操作记录。</translation>
    </message>
</context>
<context>
    <name>InstanceTableModel</name>
    <message>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状态</translation>
    </message>
    <message>
        <source>req/s</source>
        <translation>请求/秒</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>KvDiffView</name>
    <message>
        <source>Select two versions in the history and press Compare.</source>
        <translation>在历史中选择两个版本，然后点击“比较”。</translation>
    </message>
    <message>
        <source>%1: v%2 → v%3 · %4 added, %5 removed</source>
        <translation>%1：v%2 → v%3 · 新增 %4 行，删除 %5 行</translation>
    </message>
    <message>
        <source>The two versions hold the same value.</source>
        <translation>两个版本的值相同。</translation>
    </message>
</context>
<context>
    <name>KvEditor</name>
    <message>
        <source>New Key…</source>
        <translation>新建键…</translation>
    </message>
    <message>
        <source>New Key</source>
        <translation>新建键</translation>
    </message>
    <message>
        <source>Key (for example app/feature-flags):</source>
        <translation>键（例如 app/feature-flags）：</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Discard your edits and show the value as it is on the server</source>
        <translation>放弃您的编辑，显示服务器上的当前值</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Diff the two selected versions (or the selected one with the one before it)</source>
        <translation>比较所选的两个版本（或所选版本与其前一个版本）</translation>
    </message>
    <message>
        <source>Roll Back</source>
        <translation>回滚</translation>
    </message>
    <message>
        <source>Write the selected version&apos;s value again, as a new version</source>
        <translation>将所选版本的值重新写入，作为一个新版本</translation>
    </message>
    <message>
        <source>Select a key to edit its value.</source>
        <translation>选择一个键以编辑其值。</translation>
    </message>
    <message>
        <source>&lt;b&gt;History&lt;/b&gt;</source>
        <translation>&lt;b&gt;历史&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Select a key to see its versions.</source>
        <translation>选择一个键以查看其版本。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Keys&lt;/b&gt;</source>
        <translation>&lt;b&gt;键&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No configuration keys yet.
Create one with New Key.</source>
        <translation>还没有配置键。
点击“新建键”创建。</translation>
    </message>
    <message>
        <source>&lt;b&gt;No key selected&lt;/b&gt;</source>
        <translation>&lt;b&gt;未选择键&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Cannot list keys: %1</source>
        <translation>无法列出键：%1</translation>
    </message>
    <message>
        <source>Key %1 was deleted on the server.</source>
        <translation>键 %1 已在服务器上被删除。</translation>
    </message>
    <message>
        <source>Key %1 was changed by someone else while you were editing it. Revert to see their value; Save will be refused.</source>
        <translation>在您编辑期间，键 %1 已被他人修改。点击“还原”查看其值；保存将被拒绝。</translation>
    </message>
    <message>
        <source>Select two versions in the history and press Compare.</source>
        <translation>在历史中选择两个版本，然后点击“比较”。</translation>
    </message>
    <message>
        <source>Key %1 exists; it is shown for editing.</source>
        <translation>键 %1 已存在，已显示以供编辑。</translation>
    </message>
    <message>
        <source>New key %1: enter its value and press Save.</source>
        <translation>新键 %1：输入其值，然后点击“保存”。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · index %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · 索引 %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · new key</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · 新键</translation>
    </message>
    <message>
        <source>Showing %1 as it is on the server.</source>
        <translation>正在显示 %1 在服务器上的当前值。</translation>
    </message>
    <message>
        <source>Saving %1…</source>
        <translation>正在保存 %1…</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>Not saved: key %1 was created by someone else meanwhile. Revert to see their value.</source>
        <translation>未保存：键 %1 在此期间已被他人创建。点击“还原”查看其值。</translation>
    </message>
    <message>
        <source>Not saved: key %1 was changed by someone else since you loaded it (CAS failed). Your text is kept; Revert to see the current value.</source>
        <translation>未保存：自您加载以来，键 %1 已被他人修改（CAS 失败）。您的文本已保留；点击“还原”查看当前值。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Deleted %1; its history is kept.</source>
        <translation>已删除 %1，其历史仍保留。</translation>
    </message>
    <message>
        <source>Not deleted: key %1 was changed by someone else since you loaded it.</source>
        <translation>未删除：自您加载以来，键 %1 已被他人修改。</translation>
    </message>
    <message>
        <source>Not deleted: %1</source>
        <translation>未删除：%1</translation>
    </message>
    <message>
        <source>Cannot load the history of %1: %2</source>
        <translation>无法加载 %1 的历史：%2</translation>
    </message>
    <message>
        <source>No diff: %1</source>
        <translation>无法比较：%1</translation>
    </message>
    <message>
        <source>Not rolled back: %1</source>
        <translation>未回滚：%1</translation>
    </message>
    <message>
        <source>Rolled %1 back to v%2; that value is now v%3.</source>
        <translation>已将 %1 回滚到 v%2，该值现为 v%3。</translation>
    </message>
    <message>
        <source>Roll Back Key</source>
        <translation>回滚键</translation>
    </message>
    <message>
        <source>Write version %1 of %2 again as its newest version?

The current value stays in the history.</source>
        <translation>将 %2 的版本 %1 重新写入为最新版本？

当前值会保留在历史中。</translation>
    </message>
</context>
<context>
    <name>KvHistoryModel</name>
    <message>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>写入时间</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>索引</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>KvKeyModel</name>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>索引</translation>
    </message>
</context>
<context>
    <name>LogFilterChips</name>
    <message>
        <source>Filtered by:</source>
        <translation>筛选条件：</translation>
    </message>
    <message>
        <source>Remove this filter</source>
        <translation>移除此筛选条件</translation>
    </message>
    <message>
        <source>Clear all (Esc)</source>
        <translation>全部清除（Esc）</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Regex</source>
        <translation>正则</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>所有级别</translation>
    </message>
    <message>
        <source>%1 and above</source>
        <translation>%1 及以上</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>所有服务</translation>
    </message>
    <message>
        <source>Filter text…</source>
        <translation>筛选文本…</translation>
    </message>
    <message>
        <source>Wrap</source>
        <translation>自动换行</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Copy Selected</source>
        <translation>复制所选</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export Logs</source>
        <translation>导出日志</translation>
    </message>
    <message>
        <source>Log Levels…</source>
        <translation>日志级别…</translation>
    </message>
    <message>
        <source>Clear View</source>
        <translation>清空视图</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / 共 %2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>All loggers</source>
        <translation>所有日志记录器</translation>
    </message>
    <message>
        <source>Records shown / records kept</source>
        <translation>显示的记录 / 保留的记录</translation>
    </message>
    <message>
        <source>Clear Filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>time %1–%2</source>
        <translation>时间 %1–%2</translation>
    </message>
    <message>
        <source>level: %1</source>
        <translation>级别：%1</translation>
    </message>
    <message>
        <source>service: %1</source>
        <translation>服务：%1</translation>
    </message>
    <message>
        <source>regex: %1</source>
        <translation>正则：%1</translation>
    </message>
    <message>
        <source>text: %1</source>
        <translation>文本：%1</translation>
    </message>
    <message>
        <source>Access lines</source>
        <translation>访问日志</translation>
    </message>
    <message>
        <source>One line per request answered by an instance (method, route, status, duration, caller); successful ones are sampled above a rate, errors always shown</source>
        <translation>实例应答的每个请求一行（方法、路由、状态、耗时、调用方）；成功请求超过速率时抽样，错误总是显示</translation>
    </message>
    <message>
        <source>access lines hidden</source>
        <translation>访问日志已隐藏</translation>
    </message>
</context>
<context>
    <name>LogTableModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Flightdeck</source>
        <translation>Flightdeck</translation>
    </message>
    <message>
        <source>Topology</source>
        <translation>拓扑</translation>
    </message>
    <message>
        <source>Services and their instances as a live graph. Edges are real calls, labelled with requests per second, error rate and p95 latency.</source>
        <translation>以实时图形展示服务及其实例。连线代表真实调用，标注每秒请求数、错误率和 p95 延迟。</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Request rate, error rate and p50/p95/p99 latency per service or instance.</source>
        <translation>按服务或实例显示请求速率、错误率以及 p50/p95/p99 延迟。</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>One log view over every service, filtered by level, service, instance and text.</source>
        <translation>汇集所有服务的统一日志视图，可按级别、服务、实例和文本筛选。</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Alert rules with their live state, history and silences.</source>
        <translation>告警规则及其实时状态、历史记录和静默设置。</translation>
    </message>
    <message>
        <source>Carts</source>
        <translation>购物车</translation>
    </message>
    <message>
        <source>Shopping carts in the cart service, editable through its REST API.</source>
        <translation>购物车服务中的购物车，可通过其 REST API 编辑。</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>注册中心</translation>
    </message>
    <message>
        <source>Registered instances with health, lease age and weight, and the config store.</source>
        <translation>已注册的实例及其健康状态、租约时长和权重，以及配置存储。</translation>
    </message>
    <message>
        <source>Fleet: starting</source>
        <translation>服务集群：正在启动</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Export Report…</source>
        <translation>导出报告(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Dark Theme</source>
        <translation>深色主题(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Flightdeck</source>
        <translation>关于 Flightdeck(&amp;A)</translation>
    </message>
    <message>
        <source>About Flightdeck</source>
        <translation>关于 Flightdeck</translation>
    </message>
    <message>
        <source>&lt;b&gt;Flightdeck %1&lt;/b&gt;&lt;p&gt;Monitoring and control console for microservices: topology, metrics, logs, alerts, carts and registry in one window.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Flightdeck %1&lt;/b&gt;&lt;p&gt;微服务监控与控制台：拓扑、指标、日志、告警、购物车和注册中心尽在一个窗口。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>The interface language is %1.</source>
        <translation>界面语言为%1。</translation>
    </message>
    <message>
        <source>The interface will be in %1 after Flightdeck restarts.</source>
        <translation>重新启动 Flightdeck 后，界面将切换为%1。</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>The selected service&apos;s instances, health over time and recent logs.</source>
        <translation>所选服务的实例、健康状态历史和最近日志。</translation>
    </message>
</context>
<context>
    <name>MetricsPanel</name>
    <message>
        <source>Whole fleet</source>
        <translation>整个服务集群</translation>
    </message>
    <message>
        <source>All instances</source>
        <translation>所有实例</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <source>Request rate</source>
        <translation>请求速率</translation>
    </message>
    <message>
        <source>req/s</source>
        <translation>请求/秒</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>错误率</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Custom Range</source>
        <translation>自定义范围</translation>
    </message>
    <message>
        <source>Show the last N minutes:</source>
        <translation>显示最近 N 分钟：</translation>
    </message>
    <message>
        <source>live · updated %1</source>
        <translation>实时 · 更新于 %1</translation>
    </message>
    <message>
        <source>back to live</source>
        <translation>返回实时</translation>
    </message>
    <message>
        <source>Filter Logs to This Span</source>
        <translation>按此时间段筛选日志</translation>
    </message>
    <message>
        <source>Follow the present again (or double-click a chart)</source>
        <translation>重新跟随当前时间（或双击图表）</translation>
    </message>
    <message>
        <source>Show only the log records of the time span visible in the charts</source>
        <translation>只显示图表中可见时间段的日志记录</translation>
    </message>
    <message>
        <source>Drag to pan, wheel to zoom, double-click to follow live.
Shift+drag selects a time span and filters the log view to it (also in the context menu).</source>
        <translation>拖动以平移，滚轮缩放，双击跟随实时。
Shift+拖动选择时间段并按其筛选日志视图（右键菜单中也有）。</translation>
    </message>
    <message>
        <source>Waiting for the first scrape…</source>
        <translation>正在等待首次抓取…</translation>
    </message>
    <message>
        <source>viewing %1–%2 ·</source>
        <translation>正在查看 %1–%2 ·</translation>
    </message>
    <message>
        <source>waiting for the first scrape…</source>
        <translation>正在等待首次抓取…</translation>
    </message>
    <message>
        <source>live · no data yet</source>
        <translation>实时 · 尚无数据</translation>
    </message>
    <message>
        <source>No data in this range</source>
        <translation>此范围内没有数据</translation>
    </message>
    <message>
        <source>requests/s</source>
        <translation>请求/秒</translation>
    </message>
    <message>
        <source>errors %</source>
        <translation>错误率 %</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>live · warming up: %1 of %2 recorded · updated %3</source>
        <translation>实时 · 预热中：%2 中已记录 %1 · 更新于 %3</translation>
    </message>
    <message>
        <source>The recording covers only part of the range shown (the console started recently, or scrapes stopped for a while); the charts are empty before it.</source>
        <translation>记录只覆盖所显示范围的一部分（控制台刚启动，或抓取曾中断一段时间）；在此之前图表为空。</translation>
    </message>
</context>
<context>
    <name>OperatorActions</name>
    <message>
        <source>Kill Instance</source>
        <translation>强制终止实例</translation>
    </message>
    <message>
        <source>Kill %1?

It stops at once, like a crashed process: requests in flight fail, and the registry keeps it until its lease expires. Restart brings it back on the same port.</source>
        <translation>强制终止 %1？

它会像崩溃的进程一样立即停止：进行中的请求失败，注册中心会保留它直到租约过期。重启会让它在同一端口上恢复。</translation>
    </message>
    <message>
        <source>Kill</source>
        <translation>强制终止</translation>
    </message>
    <message>
        <source>This console watches an external fleet; it cannot control its instances.</source>
        <translation>此控制台监视的是外部服务集群，无法控制其实例。</translation>
    </message>
    <message>
        <source>%1 is not part of the embedded fleet</source>
        <translation>%1 不属于内置服务集群</translation>
    </message>
    <message>
        <source>%1 is not running</source>
        <translation>%1 未在运行</translation>
    </message>
    <message>
        <source>%1 killed</source>
        <translation>%1 已强制终止</translation>
    </message>
    <message>
        <source>%1 running again on port %2</source>
        <translation>%1 已在端口 %2 上重新运行</translation>
    </message>
    <message>
        <source>No registry: nothing to drain %1 from</source>
        <translation>没有注册中心：无法摘除 %1</translation>
    </message>
    <message>
        <source>%1 drained: out of discovery, still running</source>
        <translation>%1 已摘除流量：不再参与服务发现，仍在运行</translation>
    </message>
    <message>
        <source>%1 is back in service</source>
        <translation>%1 已恢复服务</translation>
    </message>
    <message>
        <source>Drain of %1 failed (%2)</source>
        <translation>摘除 %1 失败（%2）</translation>
    </message>
    <message>
        <source>Undrain of %1 failed (%2)</source>
        <translation>恢复 %1 失败（%2）</translation>
    </message>
    <message>
        <source>%1 keeps at least one instance; kill it instead to stop the service</source>
        <translation>%1 至少保留一个实例；要停止该服务，请强制终止它</translation>
    </message>
    <message>
        <source>%1 scaled down: %2 stopped</source>
        <translation>%1 已缩容：%2 已停止</translation>
    </message>
    <message>
        <source>No running instance of %1 to inject a fault into</source>
        <translation>%1 没有正在运行的实例可注入故障</translation>
    </message>
    <message>
        <source>No fault is in force on %1</source>
        <translation>%1 上没有生效的故障</translation>
    </message>
    <message>
        <source>%1 % errors</source>
        <translation>%1 % 错误</translation>
    </message>
    <message>
        <source>+%1 ms</source>
        <translation>+%1 毫秒</translation>
    </message>
    <message>
        <source>no heartbeats</source>
        <translation>无心跳</translation>
    </message>
    <message>
        <source>%1, until cleared</source>
        <translation>%1，直到清除</translation>
    </message>
    <message>
        <source>%1, until %2</source>
        <translation>%1，至 %2</translation>
    </message>
    <message>
        <source>%1 is %2 already</source>
        <translation>%1 已处于“%2”状态</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>重启中</translation>
    </message>
    <message>
        <source>%1 restarting: draining…</source>
        <translation>%1 正在重启：排空中…</translation>
    </message>
    <message>
        <source>%1 is %2; try again when it is done</source>
        <translation>%1 处于“%2”状态；完成后再试</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>no registry</source>
        <translation>没有注册中心</translation>
    </message>
</context>
<context>
    <name>OperatorEventModel</name>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Service / target</source>
        <translation>服务 / 对象</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>PageComposer</name>
    <message>
        <source>Page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
</context>
<context>
    <name>PdfReportWriter</name>
    <message>
        <source>Flightdeck metrics report</source>
        <translation>Flightdeck 指标报告</translation>
    </message>
    <message>
        <source>cannot start the PDF: %1</source>
        <translation>无法创建 PDF：%1</translation>
    </message>
    <message>
        <source>%1 · generated %2 UTC</source>
        <translation>%1 · 生成于 %2 UTC</translation>
    </message>
    <message>
        <source>Fleet summary</source>
        <translation>服务集群概览</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Topology</source>
        <translation>拓扑</translation>
    </message>
    <message>
        <source>Services and the calls between them over the whole range; the colour is the health, arrows carry the average call rate.</source>
        <translation>整个时间范围内的服务及其相互调用；颜色表示健康状态，箭头标注平均调用速率。</translation>
    </message>
    <message>
        <source>Service %1</source>
        <translation>服务 %1</translation>
    </message>
    <message>
        <source>Instances: %1</source>
        <translation>实例：%1</translation>
    </message>
    <message>
        <source>Alert transitions</source>
        <translation>告警状态变更</translation>
    </message>
    <message>
        <source>No alert changed state in this range.</source>
        <translation>此时间范围内没有告警发生状态变更。</translation>
    </message>
    <message>
        <source>Configuration changes</source>
        <translation>配置变更</translation>
    </message>
    <message>
        <source>The data dir holds no registry state, so configuration changes are unknown.</source>
        <translation>数据目录中没有注册中心状态，因此无法得知配置变更。</translation>
    </message>
    <message>
        <source>No configuration key changed in this range.</source>
        <translation>此时间范围内没有配置键发生变更。</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Services without traffic</source>
        <translation>无流量的服务</translation>
    </message>
    <message>
        <source>Operator actions</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <source>No operator action in this range.</source>
        <translation>此范围内没有操作记录。</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>fleet</source>
        <translation>服务集群</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>降级</translation>
    </message>
    <message>
        <source>failing</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>passing</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>drained</source>
        <translation>已摘除</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>维护中</translation>
    </message>
    <message>
        <source>%1 healthy</source>
        <translation>%1 健康</translation>
    </message>
    <message>
        <source>%1 degraded</source>
        <translation>%1 降级</translation>
    </message>
    <message>
        <source>%1 drained</source>
        <translation>%1 已摘除</translation>
    </message>
    <message>
        <source>%1 in maintenance</source>
        <translation>%1 维护中</translation>
    </message>
    <message>
        <source>%1 down</source>
        <translation>%1 宕机</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n instance(s)</source>
        <translation>
            <numerusform>共 %n 个实例中 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>no metrics</source>
        <translation>无指标</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>已离开</translation>
    </message>
    <message>
        <source>%1 gone</source>
        <translation>%1 已离开</translation>
    </message>
</context>
<context>
    <name>RegistryInstanceModel</name>
    <message>
        <source>drained</source>
        <translation>已摘除</translation>
    </message>
    <message>
        <source>in service</source>
        <translation>服务中</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / 共 %2</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>%1 前</translation>
    </message>
    <message>
        <source>Time since the last heartbeat, of the lease&apos;s TTL</source>
        <translation>距上次心跳的时间，及租约的 TTL</translation>
    </message>
    <message>
        <source>Time since the registry last checked the instance</source>
        <translation>距注册中心上次检查该实例的时间</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>Lease / last heartbeat</source>
        <translation>租约 / 上次心跳</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Tags / metadata</source>
        <translation>标签 / 元数据</translation>
    </message>
    <message>
        <source>Drained by an operator; checks: %1</source>
        <translation>已被操作员摘除；检查：%1</translation>
    </message>
</context>
<context>
    <name>RegistryPanel</name>
    <message>
        <source>Drain</source>
        <translation>摘除</translation>
    </message>
    <message>
        <source>Take the selected instance out of discovery; it stays registered</source>
        <translation>将所选实例移出服务发现；它仍保持注册</translation>
    </message>
    <message>
        <source>Undrain</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Put the selected instance back into discovery</source>
        <translation>将所选实例重新加入服务发现</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>No instances are registered (yet).</source>
        <translation>（暂时）没有已注册的实例。</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Connecting to the registry at %1…</source>
        <translation>正在连接位于 %1 的注册中心…</translation>
    </message>
    <message>
        <source>Cannot reach the registry at %1: %2</source>
        <translation>无法连接位于 %1 的注册中心：%2</translation>
    </message>
    <message>
        <source>%1 · no instances registered · updated %2</source>
        <translation>%1 · 没有已注册的实例 · 更新于 %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 of %n instance(s) in service · updated %3</source>
        <translation>
            <numerusform>%1 · %n 个实例中 %2 个在服务 · 更新于 %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot drain %1: %2</source>
        <translation>无法摘除 %1：%2</translation>
    </message>
    <message>
        <source>Cannot undrain %1: %2</source>
        <translation>无法恢复 %1：%2</translation>
    </message>
    <message>
        <source>%1 drained: out of discovery, still registered.</source>
        <translation>%1 已摘除：已移出服务发现，仍保持注册。</translation>
    </message>
    <message>
        <source>%1 is back in service.</source>
        <translation>%1 已恢复服务。</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>所有服务</translation>
    </message>
    <message>
        <source> · %1 drained</source>
        <translation> · %1 个已摘除</translation>
    </message>
    <message>
        <source>Draining %1…</source>
        <translation>正在摘除 %1…</translation>
    </message>
    <message>
        <source>Putting %1 back into service…</source>
        <translation>正在让 %1 恢复服务…</translation>
    </message>
</context>
<context>
    <name>ReportChart</name>
    <message>
        <source>Requests per second</source>
        <translation>每秒请求数</translation>
    </message>
    <message>
        <source>Error rate (%)</source>
        <translation>错误率（%）</translation>
    </message>
    <message>
        <source>Latency (ms): p50, p95, p99</source>
        <translation>延迟（ms）：p50、p95、p99</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Last 15 minutes</source>
        <translation>最近 15 分钟</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Last 6 hours</source>
        <translation>最近 6 小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>自定义范围</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>时间范围：</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>开始：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>结束：</translation>
    </message>
    <message>
        <source>Services:</source>
        <translation>服务：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>No recorded metric history in %1 yet.</source>
        <translation>%1 中还没有已记录的指标历史。</translation>
    </message>
    <message>
        <source>Reading the recorded history…</source>
        <translation>正在读取已记录的历史…</translation>
    </message>
    <message>
        <source>Choose a file to export to.</source>
        <translation>请选择要导出到的文件。</translation>
    </message>
    <message>
        <source>Choose at least one service.</source>
        <translation>请至少选择一个服务。</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>HTML (*.html *.htm)</source>
        <translation>HTML 网页 (*.html *.htm)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON 数据 (*.json)</translation>
    </message>
</context>
<context>
    <name>ReportExporter</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>wrote a %1 report of %n service(s) to %2</source>
        <translation>
            <numerusform>已将包含 %n 个服务的 %1 报告写入 %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportTables</name>
    <message>
        <source>Fleet</source>
        <translation>服务集群</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Time range (UTC)</source>
        <translation>时间范围（UTC）</translation>
    </message>
    <message>
        <source>Chart resolution</source>
        <translation>图表分辨率</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Errors (5xx and failed)</source>
        <translation>错误数（5xx 及失败请求）</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>错误率</translation>
    </message>
    <message>
        <source>Availability (scrapes up)</source>
        <translation>可用性（抓取成功率）</translation>
    </message>
    <message>
        <source>Alert transitions</source>
        <translation>告警状态变更</translation>
    </message>
    <message>
        <source>Configuration changes</source>
        <translation>配置变更</translation>
    </message>
    <message>
        <source>not recorded in this data dir</source>
        <translation>此数据目录中未记录</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>可用性</translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation>p50（毫秒）</translation>
    </message>
    <message>
        <source>p95 ms</source>
        <translation>p95（毫秒）</translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation>p99（毫秒）</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Service / instance</source>
        <translation>服务 / 实例</translation>
    </message>
    <message>
        <source>Transition</source>
        <translation>状态变更</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>已记录</translation>
    </message>
    <message>
        <source>Operator actions</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>停止服务</translation>
    </message>
    <message>
        <source>State at end</source>
        <translation>结束时状态</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Service / target</source>
        <translation>服务 / 对象</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>%1: no traffic in range</source>
        <translation>%1：此范围内无流量</translation>
    </message>
    <message>
        <source>%1 (%2): no traffic in range</source>
        <translation>%1（%2）：此范围内无流量</translation>
    </message>
    <message>
        <source>Series not recorded</source>
        <translation>未记录的序列</translation>
    </message>
    <message>
        <source>INCOMPLETE: %1 series refused from %2 on (the store&apos;s cap of %3 series was reached); the figures of the instances concerned leave them out</source>
        <translation>不完整：自 %2 起拒绝了 %1 个序列（已达到存储上限 %3 个序列）；相关实例的数据不包含这些序列</translation>
    </message>
    <message>
        <source>none: every series was recorded</source>
        <translation>无：所有序列均已记录</translation>
    </message>
</context>
<context>
    <name>ServiceDetailsPanel</name>
    <message>
        <source>Select a service or a call in the topology</source>
        <translation>在拓扑图中选择一个服务或调用</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Health, last 15 minutes</source>
        <translation>健康状态（最近 15 分钟）</translation>
    </message>
    <message>
        <source>Recent logs</source>
        <translation>最近日志</translation>
    </message>
    <message>
        <source>%1 calls/s · %2 % errors · p95 %3 ms</source>
        <translation>%1 次调用/秒 · %2 % 错误 · p95 %3 毫秒</translation>
    </message>
    <message>
        <source>Fault on %1: %2</source>
        <translation>%1 上的故障：%2</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>%1 · 0 req/s · no requests in the window</source>
        <translation>%1 · 0 请求/秒 · 窗口内无请求</translation>
    </message>
    <message>
        <source>%1 · %2 req/s · %3 % errors · p95 %4 ms · read as %5</source>
        <translation>%1 · %2 请求/秒 · %3 % 错误 · p95 %4 毫秒 · 按 %5 读取</translation>
    </message>
    <message>
        <source>%1 · no request metrics: its /metrics match none of the conventions read (Flightdeck, OpenTelemetry HTTP, Micrometer, prometheus_flask_exporter, Go promhttp)</source>
        <translation>%1 · 无请求指标：其 /metrics 不符合任何可读取的约定（Flightdeck、OpenTelemetry HTTP、Micrometer、prometheus_flask_exporter、Go promhttp）</translation>
    </message>
    <message>
        <source>%1 · metrics read as %2 · no requests recorded yet</source>
        <translation>%1 · 指标按 %2 读取 · 尚未记录请求</translation>
    </message>
    <message>
        <source>%1 · %2 req/s · %3 % errors · no latency data (no buckets) · read as %4</source>
        <translation>%1 · %2 请求/秒 · %3 % 错误 · 无延迟数据（无分桶）· 按 %4 读取</translation>
    </message>
    <message>
        <source>%1 · registered with metrics=off: not scraped; its health is the registry&apos;s checks, its traffic is unknown</source>
        <translation>%1 · 以 metrics=off 注册：不抓取；健康状态来自注册中心的检查，流量未知</translation>
    </message>
    <message>
        <source>Incomplete: %1 of its series were not recorded (the metric store holds its cap of %2 series); its rates, errors and percentiles leave them out</source>
        <translation>不完整：其 %1 个序列未被记录（指标存储已达上限 %2 个序列）；其速率、错误和百分位数不包含这些序列</translation>
    </message>
</context>
<context>
    <name>ServiceNodeItem</name>
    <message>
        <source>%1: fault %2</source>
        <translation>%1：故障 %2</translation>
    </message>
    <message>
        <source>fault ×%1</source>
        <translation>故障 ×%1</translation>
    </message>
    <message>
        <source>%1 rps out</source>
        <translation>发出 %1 请求/秒</translation>
    </message>
    <message>
        <source>%1 rps · %2% err · p95 %3 ms</source>
        <translation>%1 请求/秒 · %2% 错误 · p95 %3 毫秒</translation>
    </message>
    <message>
        <source>%1: %2 (under way)</source>
        <translation>%1：%2（进行中）</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>%1… ×%2</source>
        <translation>%1…（%2 个实例）</translation>
    </message>
    <message>
        <source>no request metrics</source>
        <translation>无请求指标</translation>
    </message>
    <message>
        <source>0 rps · no requests</source>
        <translation>0 请求/秒 · 无请求</translation>
    </message>
    <message>
        <source>%1 rps · %2% err · no latency data</source>
        <translation>%1 请求/秒 · %2% 错误 · 无延迟数据</translation>
    </message>
    <message>
        <source>metrics off · registry health</source>
        <translation>指标已关闭 · 注册中心健康状态</translation>
    </message>
</context>
<context>
    <name>SilenceDialog</name>
    <message>
        <source>Silence</source>
        <translation>静默</translation>
    </message>
    <message>
        <source>The rule whose alerts are silenced; empty silences every rule that matches the rest.</source>
        <translation>要静默其告警的规则；留空则静默符合其余条件的所有规则。</translation>
    </message>
    <message>
        <source>any service</source>
        <translation>任意服务</translation>
    </message>
    <message>
        <source>any instance</source>
        <translation>任意实例</translation>
    </message>
    <message>
        <source>How long from now, e.g. 30m, 1h30m, 2d.</source>
        <translation>从现在起持续多久，例如 30m、1h30m、2d。</translation>
    </message>
    <message>
        <source>why, e.g. a ticket or &quot;deploying cart&quot;</source>
        <translation>原因，例如工单号或“正在部署 cart”</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>持续时间</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>创建者</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Edit Silence</source>
        <translation>编辑静默</translation>
    </message>
    <message>
        <source>Name a rule, a service or an instance: a silence never mutes everything.</source>
        <translation>请指定规则、服务或实例：静默不会屏蔽一切。</translation>
    </message>
    <message>
        <source>Duration: &quot;%1&quot; is not a duration (e.g. 30m, 1h, 2d).</source>
        <translation>持续时间：“%1”不是有效的时长（例如 30m、1h、2d）。</translation>
    </message>
    <message>
        <source>Created by: say who silences it.</source>
        <translation>创建者：请说明是谁设置的静默。</translation>
    </message>
    <message>
        <source>Comment: say why, so whoever is on call next knows.</source>
        <translation>备注：请说明原因，让下一位值班人员知道。</translation>
    </message>
</context>
<context>
    <name>SilenceModel</name>
    <message>
        <source>active</source>
        <translation>生效中</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待生效</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Matchers</source>
        <translation>匹配条件</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>创建者</translation>
    </message>
</context>
<context>
    <name>TopologyFilter</name>
    <message>
        <source>cannot read &apos;%1&apos;; expected e.g. &apos;error &gt; 5%&apos; or &apos;name ~ cart&apos;</source>
        <translation>无法读取“%1”；应为例如 &apos;error &gt; 5%&apos; 或 &apos;name ~ cart&apos;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; needs a number, e.g. %1 &gt; 5</source>
        <translation>“%1”需要一个数字，例如 %1 &gt; 5</translation>
    </message>
    <message>
        <source>unknown field &apos;%1&apos;; use name, health, rps, error, p95 or instances</source>
        <translation>未知字段“%1”；可用 name、health、rps、error、p95 或 instances</translation>
    </message>
    <message>
        <source>&apos;%1&apos; takes =, != or ~</source>
        <translation>“%1”只能用 =、!= 或 ~</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid regular expression</source>
        <translation>“%1”不是有效的正则表达式</translation>
    </message>
</context>
<context>
    <name>TopologyView</name>
    <message>
        <source>Filter: error &gt; 5%, name ~ cart, p95 &gt; 100 and rps &gt; 1</source>
        <translation>筛选，例如：error &gt; 5%、name ~ cart、p95 &gt; 100 and rps &gt; 1</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Re-layout</source>
        <translation>重新布局</translation>
    </message>
    <message>
        <source>Animate</source>
        <translation>动画</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Drain</source>
        <translation>摘除</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Clear Faults</source>
        <translation>清除故障</translation>
    </message>
    <message>
        <source>Scale Up (+1 instance)</source>
        <translation>扩容（+1 个实例）</translation>
    </message>
    <message>
        <source>Flightdeck topology</source>
        <translation>Flightdeck 拓扑</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Export Topology</source>
        <translation>导出拓扑</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;Graphviz DOT (*.dot)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;Graphviz DOT 文件 (*.dot)</translation>
    </message>
    <message>
        <source>The topology could not be exported: %1</source>
        <translation>无法导出拓扑：%1</translation>
    </message>
    <message>
        <source>warming up (%1 s of %2 s)</source>
        <translation>预热中（%1 秒 / %2 秒）</translation>
    </message>
    <message>
        <source>last %1 s</source>
        <translation>最近 %1 秒</translation>
    </message>
    <message>
        <source>Rates, error ratios and p95 are over this window; while warming up, over the part of it that was scraped so far.</source>
        <translation>速率、错误率和 p95 均按此时间窗口计算；预热期间按目前已抓取的部分计算。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Undrain</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Kill…</source>
        <translation>强制终止…</translation>
    </message>
    <message>
        <source>Inject Fault…</source>
        <translation>注入故障…</translation>
    </message>
    <message>
        <source>Inject Fault into the Service…</source>
        <translation>向服务注入故障…</translation>
    </message>
    <message>
        <source>Clear the Service&apos;s Faults</source>
        <translation>清除服务的故障</translation>
    </message>
    <message>
        <source>Scale Down (−1 instance)</source>
        <translation>缩容（−1 个实例）</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Try &apos;flightdeck --help&apos;.</source>
        <translation>请尝试运行 &apos;flightdeck --help&apos;。</translation>
    </message>
</context>
</TS>
