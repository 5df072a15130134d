import RemitConnectors
import Testing

@Suite("Which addresses outbound delivery may call")
struct AddressClassTests {
    static let cases: [(String, AddressClass)] = [
        // IPv4
        ("93.184.215.14", .global), ("8.8.8.8", .global), ("172.32.0.1", .global), ("100.128.0.1", .global),
        ("10.0.0.1", .privateUse), ("10.255.255.255", .privateUse),
        ("172.16.0.1", .privateUse), ("172.31.255.255", .privateUse),
        ("192.168.0.1", .privateUse), ("192.168.255.255", .privateUse),
        ("127.0.0.1", .loopback), ("127.255.255.254", .loopback),
        ("169.254.169.254", .linkLocal), ("169.254.0.1", .linkLocal),
        ("0.0.0.0", .unspecified),
        ("100.64.0.1", .sharedAddressSpace), ("100.127.255.255", .sharedAddressSpace),
        ("224.0.0.1", .multicast), ("239.255.255.255", .multicast),
        ("255.255.255.255", .broadcast),
        ("0.1.2.3", .reserved), ("192.0.0.8", .reserved), ("192.0.2.1", .reserved), ("198.18.0.1", .reserved),
        ("198.51.100.1", .reserved), ("203.0.113.1", .reserved), ("240.0.0.1", .reserved),
        // IPv6
        ("2606:4700::1111", .global), ("2001:4860:4860::8888", .global),
        ("::1", .loopback), ("::", .unspecified),
        ("fe80::1", .linkLocal), ("febf:ffff::1", .linkLocal),
        ("fc00::1", .uniqueLocal), ("fd12:3456:789a::1", .uniqueLocal),
        ("ff02::1", .multicast), ("fec0::1", .reserved), ("2001:db8::1", .reserved),
        // IPv4 inside IPv6 takes the IPv4 address's class
        ("::ffff:127.0.0.1", .loopback), ("::ffff:7f00:1", .loopback), ("::ffff:10.1.2.3", .privateUse),
        ("::ffff:169.254.169.254", .linkLocal), ("::ffff:192.168.1.1", .privateUse), ("::ffff:0.0.0.0", .unspecified),
        ("::ffff:100.64.0.1", .sharedAddressSpace), ("::ffff:255.255.255.255", .broadcast), ("::ffff:224.0.0.1", .multicast),
        ("::ffff:8.8.8.8", .global), ("64:ff9b::a9fe:a9fe", .linkLocal), ("::127.0.0.1", .loopback),
    ]

    @Test("each address literal falls in its class", arguments: cases)
    func literalHasClass(text: String, expected: AddressClass) throws {
        let address = try #require(IPAddress(text))
        #expect(address.addressClass == expected)
    }

    @Test("text that is not an address literal does not parse", arguments: ["localhost", "127.1", "2130706433", "0x7f.0.0.1", "1.2.3.4.5", "::ffff::1", "fe80::1%eth0", ""])
    func nonLiteralsDoNotParse(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("addresses print in their conventional form")
    func addressesPrint() {
        #expect(IPAddress("127.0.0.1")?.description == "127.0.0.1")
        #expect(IPAddress("2001:0db8:0000:0000:0000:0000:0000:0001")?.description == "2001:db8::1")
    }
}

@Suite("The outbound URL policy")
struct OutboundURLPolicyTests {
    let resolver = AddressResolver.table([
        "hooks.example.com": [IPAddress("93.184.215.14")!, IPAddress("2606:2800:21f:cb07:6820:80da:af6b:8b2c")!],
        "metadata.attacker.example": [IPAddress("169.254.169.254")!],
        "split.attacker.example": [IPAddress("93.184.215.14")!, IPAddress("10.0.0.7")!],
        "mapped.attacker.example": [IPAddress("::ffff:127.0.0.1")!],
        "receiver.test": [IPAddress("127.0.0.1")!],
    ])

    func policy(_ configuration: OutboundURLPolicy.Configuration = .strict) -> OutboundURLPolicy {
        OutboundURLPolicy(configuration: configuration, resolver: resolver)
    }

    func refusal(_ url: String, _ configuration: OutboundURLPolicy.Configuration = .strict) async -> ConnectorError? {
        do {
            let destination = try await policy(configuration).check(url)
            Issue.record("expected \(url) to be refused, got \(destination)")
            return nil
        } catch let error as ConnectorError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test("a public https URL passes with every address its host resolves to")
    func publicHTTPSPasses() async throws {
        let destination = try await policy().check("https://hooks.example.com/remit?x=1")
        #expect(destination.host == "hooks.example.com")
        #expect(destination.port == 443)
        #expect(destination.addresses.count == 2)
        #expect(destination.connectAddress == IPAddress("93.184.215.14"))
    }

    @Test("the URL to call is rebuilt from the checked parts, without the fragment")
    func destinationURLIsCanonical() async throws {
        #expect(try await policy().check("HTTPS://Hooks.Example.COM/in/Box?a=1&b=%20#frag").url == "https://hooks.example.com/in/Box?a=1&b=%20")
        #expect(try await policy().check("https://hooks.example.com").url == "https://hooks.example.com/")
        var loopback = OutboundURLPolicy.Configuration.strict
        loopback.allowLoopback = true
        #expect(try await policy(loopback).check("https://[::1]:8443/x").url == "https://[::1]:8443/x")
    }

    @Test("plain http is refused unless configuration allows it")
    func httpNeedsConfiguration() async throws {
        #expect(await refusal("http://hooks.example.com/")?.code == .schemeNotAllowed("http"))
        let destination = try await policy(.init(allowHTTP: true)).check("http://hooks.example.com:8080/")
        #expect(destination.port == 8080)
    }

    @Test("schemes other than https and http are refused", arguments: ["ftp://hooks.example.com/", "file:///etc/passwd", "gopher://hooks.example.com/", "javascript:alert(1)"])
    func otherSchemesAreRefused(url: String) async {
        let error = await refusal(url, .localTesting)
        #expect(error?.code.name == "scheme_not_allowed")
    }

    @Test("URLs with a user name or password are refused", arguments: ["https://user:pass@hooks.example.com/", "https://user@hooks.example.com/", "https://:pass@hooks.example.com/"])
    func credentialsAreRefused(url: String) async {
        #expect(await refusal(url)?.code == .credentialsInURL)
    }

    @Test("unparseable, hostless, encoded-host and overlong URLs are refused", arguments: [
        "not a url", "https://", "https:///path", "https://%31%32%37.0.0.1/", "https://[fe80::1%25eth0]/",
        "https://hooks.example.com/" + String(repeating: "a", count: 2048),
        "https://hooks.example.com\\@10.0.0.1/", "https://hooks.example.com /", "https://hooks.example.com:0/",
        "https://hooks.example.com:70000/",
    ])
    func malformedURLsAreRefused(url: String) async {
        #expect(await refusal(url)?.code == .invalidURL)
    }

    @Test("a name that resolves to nothing is refused as unresolved")
    func unresolvedNameIsRefused() async {
        #expect(await refusal("https://nowhere.example/")?.code == .hostNotResolved)
    }

    static let nonPublicURLs: [(String, AddressClass)] = [
        ("https://10.1.2.3/", .privateUse), ("https://172.20.0.1/", .privateUse), ("https://192.168.1.10/", .privateUse),
        ("https://127.0.0.1:8443/", .loopback), ("https://[::1]/", .loopback),
        ("https://169.254.169.254/latest/meta-data/", .linkLocal), ("https://[fe80::1]/", .linkLocal),
        ("https://[fd00::1]/", .uniqueLocal), ("https://0.0.0.0/", .unspecified), ("https://[::]/", .unspecified),
        ("https://100.64.1.1/", .sharedAddressSpace), ("https://224.0.0.251/", .multicast), ("https://[ff02::1]/", .multicast),
        ("https://255.255.255.255/", .broadcast), ("https://[::ffff:127.0.0.1]/", .loopback),
        ("https://[::ffff:169.254.169.254]/", .linkLocal), ("https://[::ffff:10.0.0.1]/", .privateUse),
    ]

    @Test("literal addresses of every non-public class are refused by default, and name the class", arguments: nonPublicURLs)
    func nonPublicLiteralsAreRefused(url: String, addressClass: AddressClass) async {
        let error = await refusal(url)
        #expect(error?.code == .addressNotAllowed(addressClass))
        #expect(error?.message.contains(addressClass.rawValue) == true)
    }

    @Test("a name resolving to a non-public address is refused, naming the address")
    func resolvedPrivateAddressIsRefused() async {
        let error = await refusal("https://metadata.attacker.example/")
        #expect(error?.code == .addressNotAllowed(.linkLocal))
        #expect(error?.message.contains("169.254.169.254") == true)
        #expect(await refusal("https://mapped.attacker.example/")?.code == .addressNotAllowed(.loopback))
    }

    @Test("a name with one public and one private address is refused: every address must pass")
    func everyResolvedAddressMustPass() async {
        #expect(await refusal("https://split.attacker.example/")?.code == .addressNotAllowed(.privateUse))
    }

    @Test("allowing loopback lets 127.0.0.1 and ::1 through and nothing else")
    func allowLoopbackIsNarrow() async throws {
        var configuration = OutboundURLPolicy.Configuration.strict
        configuration.allowLoopback = true
        #expect(configuration.allowLoopback)
        _ = try await policy(configuration).check("https://127.0.0.1:9000/")
        _ = try await policy(configuration).check("https://[::1]:9000/")
        _ = try await policy(configuration).check("https://receiver.test/")
        #expect(await refusal("https://10.0.0.1/", configuration)?.code == .addressNotAllowed(.privateUse))
        #expect(await refusal("https://169.254.169.254/", configuration)?.code == .addressNotAllowed(.linkLocal))
        configuration.allowLoopback = false
        #expect(await refusal("https://127.0.0.1/", configuration)?.code == .addressNotAllowed(.loopback))
    }

    @Test("an operator can allow private space for an on-premises receiver")
    func privateSpaceCanBeAllowed() async throws {
        let configuration = OutboundURLPolicy.Configuration(allowedAddressClasses: [.privateUse])
        let destination = try await policy(configuration).check("https://192.168.10.20/hooks")
        #expect(destination.connectAddress == IPAddress("192.168.10.20"))
    }

    @Test("odd spellings of loopback reach the system resolver and are refused by the address they mean", arguments: [
        "https://localhost/", "https://2130706433/", "https://127.1/", "https://0x7f.0.0.1/", "https://017700000001/",
    ])
    func oddLoopbackSpellingsAreRefused(url: String) async {
        let policy = OutboundURLPolicy(configuration: .strict, resolver: .system)
        do {
            let destination = try await policy.check(url)
            Issue.record("expected \(url) to be refused, got \(destination)")
        } catch let error as ConnectorError {
            #expect(error.code == .addressNotAllowed(.loopback))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("the system resolver finds localhost's loopback address")
    func systemResolverResolvesLocalhost() async throws {
        let addresses = try await AddressResolver.system.resolve("localhost")
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { $0.addressClass == .loopback })
    }
}
