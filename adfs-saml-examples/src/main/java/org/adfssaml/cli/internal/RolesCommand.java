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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code roles}: signs in and lists the roles the user may assume. */
final class RolesCommand implements Callable<Integer> {

    private final CliIo io;

    final CliOption<String> profile = CliOption.of(String.class, OptionSpec.builder("--profile").paramLabel("P")
            .defaultValue("saml").description("Profile whose adfs_* settings are used (default: ${DEFAULT-VALUE})."));

    final SignInOptions signIn = new SignInOptions();

    final CliOption<Boolean> json = CliOption.flag(OptionSpec.builder("--json")
            .description("Print [{accountId, roleName, roleArn, principalArn}]."));

    RolesCommand(CliIo io) {
        this.io = io;
    }

    CommandSpec spec() {
        CommandSpec spec = CliOption.command(this, "roles",
                "Sign in and list the roles you may assume (account, role name, role ARN, provider ARN).");
        CliOption.addTo(spec, profile);
        signIn.addTo(spec);
        CliOption.addTo(spec, json);
        return spec;
    }

    @Override
    public Integer call() throws IOException {
        Settings settings = Settings.resolve(io, profile.value(), signIn, null);
        List<AwsRole> roles;
        try (Prompts prompts = new Prompts(io, signIn.passwordStdin.value())) {
            SamlResponse response = Sessions.signInAndValidate(settings, prompts);
            roles = RoleTable.ordered(response.roles());
        }
        if (json.value()) {
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
