import RemitCore

/// Builds the JSON body Slack's incoming webhooks accept.
///
/// `text` is always present: Slack shows it in notifications and as the fallback when blocks
/// cannot be drawn. Blocks are optional Block Kit objects, passed through as given.
public enum SlackMessage {
    /// The most blocks Slack accepts in one message.
    public static let blocksMax = 50

    /// `{"text": …}` with `"blocks": […]` when blocks are given (at most ``blocksMax``; more are dropped).
    public static func payload(text: String, blocks: [JSONValue]? = nil) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("text", .string(text))]
        if let blocks, !blocks.isEmpty { members.append(("blocks", .array(Array(blocks.prefix(blocksMax))))) }
        return .object(members)
    }

    /// A section block showing `markdown` as Slack mrkdwn.
    public static func section(markdown: String) -> JSONValue {
        .object([("type", .string("section")), ("text", .object([("type", .string("mrkdwn")), ("text", .string(markdown))]))])
    }
}
