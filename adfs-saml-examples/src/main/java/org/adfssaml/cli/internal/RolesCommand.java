package org.adfssaml.cli.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.adfssaml.cli.AdfsSamlCli;
import org.adfssaml.core.AwsRole;
import org.adfssaml.core.SamlResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code roles}: signs in and lists the roles the user may assume. */
@Command(name = "roles", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Sign in and list the roles you may assume (account, role name, role ARN, provider ARN).")
final class RolesCommand implements Callable<Integer> {

    private final CliIo io;

    @Option(names = "--profile", paramLabel = "P", defaultValue = "saml",
            description = "Profile whose adfs_* settings are used (default: ${DEFAULT-VALUE}).")
    String profile;

    @Mixin
    SignInOptions signIn = new SignInOptions();

    @Option(names = "--json", description = "Print [{accountId, roleName, roleArn, principalArn}].")
    boolean json;

    RolesCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        Settings settings = Settings.resolve(io, profile, signIn, null);
        List<AwsRole> roles;
        try (Prompts prompts = new Prompts(io, signIn.passwordStdin)) {
            SamlResponse response = Sessions.signInAndValidate(settings, prompts);
            roles = RoleTable.ordered(response.roles());
        }
        if (json) {
            List<Object> out = new ArrayList<>();
            for (AwsRole role : roles) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("accountId", role.accountId());
                item.put("roleName", role.roleName());
                item.put("roleArn", role.roleArn());
                item.put("principalArn", role.principalArn());
                out.add(item);
            }
            io.out().println(Json.write(out));
        } else if (roles.isEmpty()) {
            io.out().println("No roles offered.");
        } else {
            RoleTable.print(io.out(), roles);
        }
        return roles.isEmpty() ? AdfsSamlCli.NO_ROLE : AdfsSamlCli.OK;
    }
}
